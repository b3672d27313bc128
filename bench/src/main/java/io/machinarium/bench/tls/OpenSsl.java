package io.machinarium.bench.tls;

import io.machinarium.bench.proc.Child;
import io.machinarium.bench.proc.Cores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code openssl} command: a throw-away certificate, the anchor server ({@code s_server -WWW}) and
 * the load generator ({@code s_time}), the latter two pinned by {@link Cores}.
 */
final class OpenSsl {
    private static final Pattern REPORT = Pattern.compile("(\\d+) connections in \\d+ real seconds, (\\d+) bytes read");
    private static final Duration T = Duration.ofSeconds(60);

    private OpenSsl() {
    }

    /** @return e.g. "OpenSSL 3.0.17" */
    static String version() {
        String[] v = Child.run(List.of("openssl", "version"), T).trim().split("\\s+");
        return v.length >= 2 ? v[0] + " " + v[1] : v[0];
    }

    /**
     * Makes a self-signed RSA-2048 certificate for localhost and 127.0.0.1 in {@code dir}:
     * {@code cert.pem} and {@code key.pem} (PKCS#8).
     *
     * @param dir where
     */
    static void certificate(Path dir) {
        Child.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString()), T);
    }

    /**
     * Starts {@code openssl s_server -WWW} (files served from {@code dir}) and waits until it listens.
     *
     * @param dir holds the certificate and the files
     * @param port the port
     * @return the process
     */
    static Child server(Path dir, int port) {
        List<String> cmd = new ArrayList<>(Cores.server());
        cmd.addAll(List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port, "-cert",
                dir.resolve("cert.pem").toString(), "-key", dir.resolve("key.pem").toString(), "-WWW", "-quiet"));
        return Child.start("openssl-s_server", cmd, dir).awaitPort(port, T);
    }

    /**
     * Runs {@code openssl s_time -new} against 127.0.0.1:{@code port}: sequential connections, each a full
     * handshake (and, with a page, a GET of it read to the end), for {@code duration}. Blocks until it ends.
     *
     * @param port the server's port
     * @param page null for handshakes alone, else the path to fetch
     * @param duration how long, whole seconds
     * @return connections per second and bytes read per second, over the wall time of the run
     */
    static double[] time(int port, String page, Duration duration) {
        List<String> cmd = new ArrayList<>(Cores.load());
        cmd.addAll(List.of("openssl", "s_time", "-connect", "127.0.0.1:" + port, "-new", "-time",
                Long.toString(Math.max(1, duration.toSeconds()))));
        if (page != null) {
            cmd.addAll(List.of("-www", page));
        }
        long t0 = System.nanoTime();
        String out = Child.run(cmd, duration.plus(T));
        double seconds = (System.nanoTime() - t0) / 1e9;
        Matcher m = REPORT.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("cannot read s_time's report:\n" + out);
        }
        long connections = Long.parseLong(m.group(1));
        long bytes = Long.parseLong(m.group(2));
        return new double[] {connections / seconds, connections * bytes / seconds};
    }
}
