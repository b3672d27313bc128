package io.machinarium.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Certificates made with the {@code openssl} command once per test JVM, in a temporary directory removed
 * at exit: a CA ({@code ca.pem}), a server certificate for localhost and 127.0.0.1 signed by it
 * ({@code server.pem}, {@code server.key}), and one from another CA ({@code foreign.pem},
 * {@code foreign.key}).
 */
public final class TestCerts {
    /** Where the files are. */
    public static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("machinarium-samples-certs");
            Runtime.getRuntime().addShutdownHook(new Thread(TestCerts::delete));
            Files.writeString(DIR.resolve("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
            ca("ca", "Samples Test CA");
            ca("other-ca", "Some Other CA");
            leaf("server", "ca");
            leaf("foreign", "other-ca");
        } catch (IOException | InterruptedException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TestCerts() {
    }

    /**
     * @param name a file name, e.g. {@code server.pem}
     * @return its absolute path as a string, for command lines
     */
    public static String file(String name) {
        return DIR.resolve(name).toString();
    }

    private static void ca(String name, String cn) throws IOException, InterruptedException {
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".pem",
                "-days", "3650", "-subj", "/CN=" + cn);
    }

    private static void leaf(String name, String ca) throws IOException, InterruptedException {
        run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", "/CN=localhost");
        run("openssl", "x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key",
                "-CAcreateserial", "-days", "3650", "-sha256", "-extfile", "server.ext", "-out", name + ".pem");
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static void delete() {
        try (Stream<Path> s = Files.walk(DIR)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort at exit
        }
    }
}
