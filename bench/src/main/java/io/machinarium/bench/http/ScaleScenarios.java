package io.machinarium.bench.http;

import io.machinarium.bench.harness.Mode;
import io.machinarium.bench.harness.Pairs;
import io.machinarium.bench.harness.Row;
import io.machinarium.bench.proc.Cores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The HTTP scaling scenarios of issue #18, both on the {@code http-plaintext} hello servers:
 * <ul>
 * <li>{@code scale-http}: two machines (ours), two event loops (Netty), two carriers (virtual threads) and
 *     nginx with two workers, none pinned, loaded by {@code wrk -t2 -c100}, which shares both cores with them
 *     (a two-core machine has no core left for the load generator; the comparison stays side by side).
 * <li>{@code scale-conns}: one machine on the server core against a Netty loop and one nginx worker, wrk on the
 *     load core with 100, 1,000 and 10,000 connections ({@code --timeout 10s}), one pair of rows per count.
 * </ul>
 * Each runs in rounds — ours, then every anchor — after one unmeasured run of each; each anchor's ratio is
 * taken against the same round's run of ours. Rows without nginx are skipped, saying so.
 */
public final class ScaleScenarios {
    private static final String RATE = "requests/s (higher is better)";
    private static final String P99 = "ms, p99 latency (lower is better)";
    private static final int[] CONNECTIONS = {100, 1_000, 10_000};

    private ScaleScenarios() {
    }

    /**
     * {@code scale-http}: the hello servers with two threads each on two unpinned cores. Blocks for the whole
     * run; stops every server it started.
     *
     * @param mode run length
     * @return two rows (requests/s, p99) per anchor
     */
    public static List<Row> http(Mode mode) {
        Wrk.Shape load = new Wrk.Shape(2, 100, 2, List.of());
        try (HelloProcess ours = HelloProcess.java(HelloServer.COROUTINE, 2, List.of());
             HelloProcess netty = HelloProcess.java(HelloServer.NETTY, 2, List.of());
             HelloProcess vt = HelloProcess.java(HelloServer.VTHREADS, 2, List.of());
             HelloProcess nginx = Nginx.available() ? HelloProcess.nginx(2, List.of()) : null) {
            Map<String, HelloProcess> anchors = new LinkedHashMap<>();
            anchors.put("Netty handler (epoll, 2 loops)", netty);
            anchors.put("JDK virtual threads, blocking sockets (2 carriers)", vt);
            if (nginx != null) {
                anchors.put("nginx (2 workers)", nginx);
            } else {
                System.err.println("# scale-http: nginx is not installed (Debian: nginx-light); its rows are skipped");
            }
            return rounds("scale-http", "2 machines, " + load.describe() + " sharing both cores", ours, anchors, load,
                    mode);
        }
    }

    /**
     * {@code scale-conns}: requests/s and p99 at 100, 1,000 and 10,000 keep-alive connections, one server
     * thread each on the server core. Blocks for the whole run; stops every server it started.
     *
     * @param mode run length
     * @return two rows (requests/s, p99) per connection count and anchor
     */
    public static List<Row> connections(Mode mode) {
        List<Row> rows = new ArrayList<>();
        try (HelloProcess ours = HelloProcess.java(HelloServer.COROUTINE);
             HelloProcess netty = HelloProcess.java(HelloServer.NETTY);
             HelloProcess nginx = Nginx.available() ? HelloProcess.nginx(1, Cores.server()) : null) {
            Map<String, HelloProcess> anchors = new LinkedHashMap<>();
            anchors.put("Netty handler (epoll, 1 loop)", netty);
            if (nginx != null) {
                anchors.put("nginx (1 worker)", nginx);
            } else {
                System.err.println("# scale-conns: nginx is not installed (Debian: nginx-light); its rows are skipped");
            }
            for (int c : CONNECTIONS) {
                Wrk.Shape load = new Wrk.Shape(1, c, 10, Cores.load());
                rows.addAll(rounds("scale-conns", String.format(Locale.ROOT, "%,d connections, 1 machine, %s",
                        c, load.describe()), ours, anchors, load, mode));
            }
        }
        return rows;
    }

    private static List<Row> rounds(String scenario, String what, HelloProcess ours, Map<String, HelloProcess> anchors,
                                    Wrk.Shape load, Mode mode) {
        // wrk -t1 takes seconds to open 10,000 connections; a 1 s smoke run there completed no request
        int smoke = load.connections() >= 10_000 ? 4 : 1;
        Duration warm = Duration.ofSeconds(mode.size(5, 2, smoke));
        Duration run = Duration.ofSeconds(mode.size(20, 5, smoke));
        orFailed(scenario, "ours", () -> Wrk.run(ours.port(), warm, load)).get();
        anchors.forEach((name, a) -> orFailed(scenario, name, () -> Wrk.run(a.port(), warm, load)).get());
        Map<String, Supplier<double[]>> runs = new LinkedHashMap<>();
        anchors.forEach((name, server) -> runs.put(name, orFailed(scenario, name, () -> Wrk.run(server.port(), run,
                load))));
        String suffix = ", " + what + ", " + run.toSeconds() + " s";
        return Pairs.roundsOf(List.of(scenario + ": requests/s" + suffix, scenario + ": p99 latency" + suffix),
                List.of(RATE, P99), mode.pairs(), orFailed(scenario, "ours", () -> Wrk.run(ours.port(), run, load)),
                runs);
    }

    /**
     * A wrk run whose failure (no request completed, a non-2xx answer, an unreadable report) becomes a failed
     * figure — NaN, which the table shows as "failed" and no median hides — with the reason on standard error,
     * so that one connection count that does not work leaves the other rows of a long run standing.
     */
    private static Supplier<double[]> orFailed(String scenario, String side, Supplier<double[]> run) {
        return () -> {
            try {
                return run.get();
            } catch (IllegalStateException e) {
                System.err.println("# " + scenario + ": a run of " + side + " failed: " + e.getMessage().lines()
                        .findFirst().orElse(""));
                return new double[] {Double.NaN, Double.NaN};
            }
        };
    }
}
