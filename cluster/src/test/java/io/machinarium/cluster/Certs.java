package io.machinarium.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A CA, a server certificate for 127.0.0.1 and a client certificate, made with {@code openssl} once per JVM. */
final class Certs {
    static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("cluster-certs");
            Files.writeString(DIR.resolve("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
            Files.writeString(DIR.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
            run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                    "-days", "3650", "-subj", "/CN=cluster test CA");
            for (String leaf : new String[] {"server", "client"}) {
                run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", leaf + ".key", "-out", leaf + ".csr",
                        "-subj", "/CN=" + leaf);
                run("openssl", "x509", "-req", "-in", leaf + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                        "-CAcreateserial", "-out", leaf + ".pem", "-days", "3650", "-extfile", leaf + ".ext");
            }
        } catch (IOException | InterruptedException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Certs() {
    }

    static Path file(String name) {
        return DIR.resolve(name);
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(DIR.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }
}
