package io.machinarium.bench.pooler;

import io.machinarium.bench.harness.WarmUp;
import io.machinarium.bench.proc.Child;
import io.machinarium.bench.proc.Cores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One pgbench run against a port, pinned like the other load generators: its transactions per second
 * (pgbench's "tps = ... (without initial connection time)") and its p99 latency, computed here from the
 * per-transaction log that {@code pgbench -l} writes (the third field of each line is the transaction's
 * latency in microseconds; pgbench itself prints only the average and the standard deviation). A run with a
 * failed transaction fails.
 */
final class PgBench {
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    private PgBench() {
    }

    /**
     * Runs pgbench.
     *
     * @param port where to connect
     * @param selectOnly {@code -S} (select-only) or the default TPC-B-like script
     * @param tls whether to ask for TLS ({@code sslmode=require})
     * @param seconds {@code -T}
     * @return transactions per second, then the p99 latency in ms
     */
    static double[] run(int port, boolean selectOnly, boolean tls, int seconds) {
        Path logs;
        try {
            logs = Files.createTempDirectory("bench-pgbench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            List<String> cmd = new ArrayList<>(Cores.load());
            cmd.addAll(List.of("env", "PGSSLMODE=" + (tls ? "require" : "disable"), "pgbench", "-h", "127.0.0.1", "-p",
                    String.valueOf(port), "-U", "postgres", "-c", "50", "-j", "2", "-T", String.valueOf(seconds), "-n",
                    "-l", "--log-prefix=" + logs.resolve("tx")));
            if (selectOnly) {
                cmd.add("-S");
            }
            cmd.add("bench");
            String out = Child.run(cmd, Duration.ofSeconds(seconds + 120L));
            Matcher m = TPS.matcher(out);
            if (!m.find()) {
                throw new IllegalStateException("pgbench printed no tps: " + out);
            }
            if (!out.contains("number of failed transactions: 0")) {
                throw new IllegalStateException("pgbench had failed transactions: " + out);
            }
            return new double[] {Double.parseDouble(m.group(1)), p99(logs)};
        } finally {
            Child.run(List.of("rm", "-rf", logs.toString()), Duration.ofSeconds(30));
        }
    }

    /**
     * Warms a pooler up: at least {@code minRounds} rounds of pgbench, then more until one round's transactions per
     * second are no more than 5 % above the round before (or {@code maxRounds} ran). It opens the pooler's server
     * connections, and lets a JVM's JIT finish: profiled, our pooler's tps kept rising for some 15 to 20 s of load
     * on a loaded two-core machine (the compiler threads share the pooler's pinned core), so a fixed 3 s warm-up
     * measured it half-compiled, and one noisy round on the loaded machine could look like a plateau after 9 s.
     * Its figures are not kept; each round's tps goes to stderr.
     *
     * @param port where to connect
     * @param selectOnly {@code -S} or TPC-B
     * @param tls whether to ask for TLS
     * @param seconds {@code -T} of each round
     * @param minRounds the fewest rounds
     * @param maxRounds the most rounds
     */
    static void warm(int port, boolean selectOnly, boolean tls, int seconds, int minRounds, int maxRounds) {
        List<String> cmd = new ArrayList<>(Cores.load());
        cmd.addAll(List.of("env", "PGSSLMODE=" + (tls ? "require" : "disable"), "pgbench", "-h", "127.0.0.1", "-p",
                String.valueOf(port), "-U", "postgres", "-c", "50", "-j", "2", "-T", String.valueOf(seconds), "-n"));
        if (selectOnly) {
            cmd.add("-S");
        }
        cmd.add("bench");
        WarmUp.untilSteady("the pooler on port " + port, "tps", true, minRounds, maxRounds, () -> {
            Matcher m = TPS.matcher(Child.run(cmd, Duration.ofSeconds(seconds + 120L)));
            return m.find() ? Double.parseDouble(m.group(1)) : 0;
        });
    }

    /** Initialises the tables at a scale, straight on the server. */
    static void init(int port, int scale) {
        List<String> cmd = List.of("pgbench", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "postgres", "-i",
                "-q", "-s", String.valueOf(scale), "bench");
        Child.run(cmd, Duration.ofMinutes(10));
    }

    private static double p99(Path logs) {
        long[] latencies;
        try (Stream<Path> files = Files.list(logs)) {
            latencies = files.flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).mapToLong(line -> Long.parseLong(line.split(" ")[2])).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (latencies.length == 0) {
            throw new IllegalStateException("pgbench logged no transaction");
        }
        Arrays.sort(latencies);
        return latencies[(int) Math.min(latencies.length - 1, Math.ceil(latencies.length * 0.99) - 1)] / 1000.0;
    }
}
