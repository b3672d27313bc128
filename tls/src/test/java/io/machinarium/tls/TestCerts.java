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
 * expired server certificate, a server certificate from another CA; the server's key in PKCS#1 and
 * encrypted (PKCS#8 and OpenSSL's traditional form, password {@link #KEY_PASSWORD}); an EC server with a
 * SEC1 key; and certificates for the host-name rules: a wildcard, an IDN and an IPv6 name, a common name
 * only, an address as common name only, and one for another host whose name reads like a failure.
 */
final class TestCerts {
    static final Path DIR;
    /** The password of the encrypted copies of the server's key. */
    static final String KEY_PASSWORD = "machinarium-test";

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
        run("openssl", "pkcs8", "-topk8", "-in", "server.key", "-v2", "aes-256-cbc", "-passout",
                "pass:" + KEY_PASSWORD, "-out", "server-encrypted.key");
        run("openssl", "rsa", "-in", "server.key", "-traditional", "-aes256", "-passout", "pass:" + KEY_PASSWORD,
                "-out", "server-encrypted-traditional.key");
        run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-out", "ec-server.key");  // SEC1, with parameters
        signed("ec-server", "ca", "localhost", "server.ext", "3650");
        Files.writeString(file("names.ext"), "subjectAltName=DNS:*.example.test,DNS:xn--bcher-kva.test,IP:::1\n");
        Files.writeString(file("no-san.ext"), "basicConstraints=CA:FALSE\n");
        leaf("names", "ca", "names", "names.ext", "3650");
        leaf("cn-only", "ca", "cn-only.test", "no-san.ext", "3650");
        leaf("cn-address", "ca", "10.0.0.1", "no-san.ext", "3650");
        leaf("misleading", "ca", "Certificate Expired Inc", "other-name.ext", "3650");
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
        run("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", name + ".key");
        signed(name, ca, cn, ext, days);
    }

    /** A certificate for the key {@code name.key}, signed by {@code ca}. */
    private static void signed(String name, String ca, String cn, String ext, String days)
            throws IOException, InterruptedException {
        run("openssl", "req", "-new", "-key", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + cn);
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
