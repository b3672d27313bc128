package io.machinarium.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Certificates made with the {@code openssl} command once per test JVM, in a temporary directory
 * removed at exit: a CA, a server certificate for localhost and 127.0.0.1, a client certificate, an
 * expired server certificate, and a server certificate from another CA.
 */
final class TestCerts {
    static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("machinarium-tls-certs");
            Runtime.getRuntime().addShutdownHook(new Thread(TestCerts::delete));
            make();
        } catch (IOException | InterruptedException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TestCerts() {
    }

    static Path file(String name) {
        return DIR.resolve(name);
    }

    static Path ca() {
        return file("ca.pem");
    }

    static Path caDir() {
        return file("cadir");
    }

    private static void make() throws IOException, InterruptedException {
        Files.writeString(file("server.ext"), "subjectAltName=DNS:localhost,DNS:server.test,IP:127.0.0.1\n");
        Files.writeString(file("client.ext"), "subjectAltName=DNS:client.test\nextendedKeyUsage=clientAuth\n");
        Files.writeString(file("other-name.ext"), "subjectAltName=DNS:elsewhere.test\n");
        ca("ca", "Machinarium Test CA");
        ca("other-ca", "Some Other CA");
        leaf("server", "ca", "localhost", "server.ext", "3650");
        leaf("client", "ca", "client", "client.ext", "3650");
        leaf("expired", "ca", "localhost", "server.ext", "-1");
        leaf("foreign", "other-ca", "localhost", "server.ext", "3650");
        leaf("elsewhere", "ca", "elsewhere.test", "other-name.ext", "3650");
        run("openssl", "rsa", "-in", "server.key", "-traditional", "-out", "server-pkcs1.key");
        Files.createDirectories(caDir());
        Files.copy(ca(), caDir().resolve("ca.pem"));
        Files.writeString(caDir().resolve("README"), "not a certificate\n");
    }

    private static void ca(String name, String cn) throws IOException, InterruptedException {
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out",
                name + ".pem", "-days", "3650", "-subj", "/CN=" + cn);
    }

    private static void leaf(String name, String ca, String cn, String ext, String days)
            throws IOException, InterruptedException {
        run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", "/CN=" + cn);
        run("openssl", "x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key",
                "-CAcreateserial", "-days", days, "-sha256", "-extfile", ext, "-out", name + ".pem");
    }

    static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static void delete() {
        try (Stream<Path> s = Files.walk(DIR)) {
            List<Path> all = new ArrayList<>(s.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort at exit
        }
    }
}
