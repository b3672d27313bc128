package io.machinarium.bench;

import io.machinarium.bench.harness.Mode;
import io.machinarium.bench.harness.Row;
import io.machinarium.bench.harness.Report;
import io.machinarium.bench.http.HttpScenarios;
import io.machinarium.bench.proc.Cores;
import io.machinarium.bench.tls.TlsScenarios;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The side-by-side harness: runs each scenario as pairs — ours, then the anchor, repeated — and prints
 * a Markdown table whose ratio is the median over the pairs of ours ÷ anchor. The same rows go to
 * {@code bench/results/latest.json}; server logs go to {@code bench/results/logs}.
 *
 * <p>Usage: {@code bench/run [--quick | --smoke] [SCENARIO...]}; no scenario named means all of them
 * (in smoke mode: the regression gate alone, {@link Gate}, which exits with status 1 when a ratio is past its
 * bound; bounds from {@code bench/gate-bounds.properties}, or the file named by {@code BENCH_GATE_BOUNDS}). Scenarios, numbered as in the harness's issue:
 * <ol>
 * <li>{@code http-plaintext}: keep-alive "hello" over HTTP/1.1 on IO contexts against a raw Netty handler,
 *     JDK virtual threads with blocking sockets, and nginx; {@code wrk -t1 -c100}
 *     ({@link HttpScenarios#plaintext}).
 * <li>{@code http-codec}: the same through Netty's HTTP codec, read as objects, against a Netty handler
 *     behind that codec ({@link HttpScenarios#codec}).
 * <li>{@code echo-64b}: JMH, a 64-byte echo over 1 and 100 connections, coroutine against Netty handler.
 * <li>{@code proxy}: the proxy sample against HAProxy (TCP mode) in front of nginx (wrk) and redis-server
 *     (redis-benchmark).
 * <li>{@code tls}: handshakes/s and bulk MiB/s, OpenSSL and JDK providers, against
 *     {@code openssl s_server} ({@link TlsScenarios}).
 * <li>{@code actors}: skynet, ring, ping-pong against virtual threads and Pekko typed
 *     ({@link ActorScenarios}).
 * <li>{@code coroutines}, {@code channels}: JMH micro-benchmarks beside their virtual-thread equivalents
 *     ({@link MicroScenarios}).
 * <li>{@code memory}: heap per idle coroutine, connection and actor ({@link MemoryScenarios}).
 * <li>{@code remote}: round trip and one-way throughput between actors of two JVMs, ours over NATS against
 *     Pekko's Artery remoting and raw jnats ({@link io.machinarium.bench.remote.RemoteScenarios}).
 * <li>{@code pooler}: the pooler sample against pgbouncer in front of PostgreSQL, pgbench select-only and
 *     TPC-B-like, session and transaction mode, with and without client TLS
 *     ({@link io.machinarium.bench.pooler.PoolerScenarios}).
 * <li>Scaling (issue #18): {@code scale-http} and {@code scale-proxy}, the {@code http-plaintext} and
 *     {@code proxy} runs with two threads a side on both cores, shared with the load generator
 *     ({@link io.machinarium.bench.http.ScaleScenarios#http}, {@link io.machinarium.bench.http.ProxyScenarios#scale});
 *     {@code scale-conns}, requests/s and p99 at 100, 1,000 and 10,000 connections
 *     ({@link io.machinarium.bench.http.ScaleScenarios#connections}); {@code skynet-scale}, skynet's time and peak
 *     RSS from 10^5 to 10^7 actors, each run in a JVM of its own ({@link SkynetScale}).
 * </ol>
 */
public final class BenchMain {
    private static final Map<String, Function<Mode, List<Row>>> SCENARIOS = new LinkedHashMap<>();
    /** Scenarios that belong to the harness but are written elsewhere; naming one runs nothing. */
    private static final Map<String, String> RESERVED = Map.of();
    private static final Path GATE_BOUNDS = Path.of("bench", "gate-bounds.properties");

    static {
        SCENARIOS.put("coroutines", MicroScenarios::coroutines);
        SCENARIOS.put("channels", MicroScenarios::channels);
        SCENARIOS.put("echo-64b", MicroScenarios::echo);
        SCENARIOS.put("http-plaintext", HttpScenarios::plaintext);
        SCENARIOS.put("http-codec", HttpScenarios::codec);
        SCENARIOS.put("proxy", io.machinarium.bench.http.ProxyScenarios::run);
        SCENARIOS.put("tls", TlsScenarios::run);
        SCENARIOS.put("actors", ActorScenarios::run);
        SCENARIOS.put("memory", MemoryScenarios::run);
        SCENARIOS.put("remote", io.machinarium.bench.remote.RemoteScenarios::run);
        SCENARIOS.put("pooler", io.machinarium.bench.pooler.PoolerScenarios::run);
        SCENARIOS.put("scale-http", io.machinarium.bench.http.ScaleScenarios::http);
        SCENARIOS.put("scale-proxy", io.machinarium.bench.http.ProxyScenarios::scale);
        SCENARIOS.put("scale-conns", io.machinarium.bench.http.ScaleScenarios::connections);
        SCENARIOS.put("skynet-scale", SkynetScale::run);
    }

    private BenchMain() {
    }

    /**
     * Runs the chosen scenarios and prints the table; blocks until all have run.
     *
     * @param args {@code --quick} or {@code --smoke}, and scenario names
     * @throws Exception if a benchmark fails to run
     */
    public static void main(String[] args) throws Exception {
        boolean quick = false;
        boolean smoke = false;
        Set<String> chosen = new LinkedHashSet<>();
        for (String a : args) {
            switch (a) {
                case "--quick" -> quick = true;
                case "--smoke" -> smoke = true;
                case "-h", "--help" -> {
                    System.out.println("usage: bench/run [--quick | --smoke] [SCENARIO...]; scenarios: "
                            + String.join(", ", SCENARIOS.keySet()) + " (and, reserved, " + RESERVED.keySet() + ")");
                    return;
                }
                case "echo" -> chosen.add("echo-64b");  // its name before the scenarios were numbered
                default -> {
                    if (!SCENARIOS.containsKey(a) && !RESERVED.containsKey(a)) {
                        System.err.println("bench: unknown scenario '" + a + "'; scenarios: "
                                + String.join(", ", SCENARIOS.keySet()));
                        System.exit(2);
                    }
                    chosen.add(a);
                }
            }
        }
        if (chosen.isEmpty() && smoke) {
            String named = System.getenv("BENCH_GATE_BOUNDS");
            long t0 = System.nanoTime();
            boolean pass = Gate.run(named == null || named.isBlank() ? GATE_BOUNDS : Path.of(named));
            System.err.printf("# gate took %.0f s%n", (System.nanoTime() - t0) / 1e9);
            System.exit(pass ? 0 : 1);
        }
        if (chosen.isEmpty()) {
            chosen.addAll(SCENARIOS.keySet());
        }
        Mode mode = new Mode(quick || smoke, smoke);
        List<Row> rows = new ArrayList<>();
        for (String s : chosen) {
            if (RESERVED.containsKey(s)) {
                System.err.println("# " + s + ": " + RESERVED.get(s));
                continue;
            }
            long t0 = System.nanoTime();
            rows.addAll(SCENARIOS.get(s).apply(mode));
            System.err.printf("# %s took %.0f s%n", s, (System.nanoTime() - t0) / 1e9);
        }
        Report.print(rows, mode, Cores.describe());
        Report.writeJson(rows, Path.of(System.getProperty("bench.results", "bench/results")));
    }
}
