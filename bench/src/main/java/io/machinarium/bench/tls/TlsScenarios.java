package io.machinarium.bench.tls;

import io.machinarium.bench.harness.Mode;
import io.machinarium.bench.harness.Pairs;
import io.machinarium.bench.harness.Row;
import io.machinarium.bench.harness.WarmUp;
import io.machinarium.bench.proc.Child;
import io.machinarium.bench.proc.Cores;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code tls} scenario: our TLS server ({@link TlsServer}, with the OpenSSL provider and with the
 * JDK's) against {@code openssl s_server -WWW}, both on the server core, both loaded by the same client,
 * {@code openssl s_time -new} on the load core: handshakes per second (connect, full TLS 1.3 handshake,
 * close) and bulk MiB/s (a full handshake, then a GET of a large page read to the end). The client is
 * OpenSSL's in both cases, so the ratio compares the servers; s_time's own cost is in both figures.
 */
public final class TlsScenarios {
    private static final String PAGE = "bulk.bin";

    private TlsScenarios() {
    }

    /**
     * Runs the scenario; blocks for the whole run and stops every process it started.
     *
     * @param mode run length
     * @return four rows: handshakes/s and MiB/s for each provider
     */
    public static List<Row> run(Mode mode) {
        long bytes = mode.size(256, 64, 8) * 1024L * 1024;
        Path dir = setUp(bytes);
        String anchor = OpenSsl.version() + " s_server -WWW (client: openssl s_time -new)";
        List<Row> rows = new ArrayList<>();
        int anchorPort = Child.freePort();
        try (Child sServer = OpenSsl.server(dir, anchorPort)) {
            for (String provider : List.of("openssl", "jdk")) {
                int port = Child.freePort();
                List<String> cmd = Child.java(Cores.server(), List.of("-Xms512m", "-Xmx512m"),
                        TlsServer.class.getName(), "--provider", provider, "--port", Integer.toString(port),
                        "--cert", dir.resolve("cert.pem").toString(), "--key", dir.resolve("key.pem").toString(),
                        "--bytes", Long.toString(bytes));
                String name = provider.equals("jdk") ? "JDK provider" : "OpenSSL provider (BoringSSL)";
                try (Child ours = Child.start("tls-" + provider, cmd, null).awaitPort(port, Duration.ofSeconds(60))) {
                    rows.add(compare("tls: handshakes/s, " + name + ", TLS 1.3, RSA 2048", anchor,
                            "handshakes/s (higher is better)", mode, port, anchorPort, null, 0));
                    rows.add(compare("tls: bulk, " + name + ", " + bytes / (1024 * 1024) + " MiB per connection",
                            anchor, "MiB/s (higher is better)", mode, port, anchorPort, "/" + PAGE, 1));
                }
            }
        } finally {
            remove(dir);
        }
        return rows;
    }

    private static void remove(Path dir) {
        for (String f : List.of(PAGE, "cert.pem", "key.pem")) {
            dir.resolve(f).toFile().delete();
        }
        dir.toFile().delete();
    }

    private static Row compare(String scenario, String anchor, String unit, Mode mode, int ours, int theirs,
                               String page, int figure) {
        Duration warm = Duration.ofSeconds(mode.size(5, 2, 1));  // one warm-up round
        Duration run = Duration.ofSeconds(mode.size(15, 3, 1));
        double scale = figure == 1 ? 1.0 / (1024 * 1024) : 1;
        // the handshake rows warm until stable; the bulk row follows them on the same, warmed server
        int least = figure == 0 ? mode.size(4, 3, 1) : 1;
        int most = figure == 0 ? mode.size(10, 8, 1) : 1;
        warm(ours, page, warm, figure, least, most);
        warm(theirs, page, warm, figure, least, most);
        return Pairs.pair(scenario, anchor, unit, mode.pairs(), () -> OpenSsl.time(ours, page, run)[figure] * scale,
                () -> OpenSsl.time(theirs, page, run)[figure] * scale);
    }

    /**
     * Loads a server in rounds until its figure rises less than 5 % from one round to the next (at least
     * {@code least} rounds, at most {@code most}): the JIT of a fresh JVM compiles the handshake path for tens of
     * seconds, and its compiler threads run on the server's own core, so a fixed short warm-up measured our
     * server while C2 still took a third of that core (perf, 2026-12-02). s_server needs no warm-up; it gets the
     * same rounds.
     */
    private static void warm(int port, String page, Duration round, int figure, int least, int most) {
        WarmUp.untilSteady("the TLS server on port " + port, figure == 1 ? "bytes/s" : "handshakes/s", true, least,
                most, () -> OpenSsl.time(port, page, round)[figure]);
    }

    private static Path setUp(long bytes) {
        try {
            Path dir = Files.createTempDirectory("bench-tls");
            OpenSsl.certificate(dir);
            try (RandomAccessFile f = new RandomAccessFile(dir.resolve(PAGE).toFile(), "rw")) {
                f.setLength(bytes);  // zeros, as our server sends
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the TLS scenario's files", e);
        }
    }
}
