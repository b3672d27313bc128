package io.machinarium.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.DoubleSupplier;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The side-by-side harness: runs each scenario as pairs — ours, then the anchor, repeated — and prints
 * a Markdown table whose ratio is the median over the pairs of ours ÷ anchor. The same rows go to
 * {@code bench/results/latest.json}.
 *
 * <p>Usage: {@code bench/run [--quick] [SCENARIO...]}; scenarios: {@code coroutines} (JMH:
 * yield+resume and spawn+join against virtual threads), {@code channels} (JMH: local and shared
 * channels, a contended mutex and a cross-machine ping-pong against virtual threads and
 * {@code java.util.concurrent}) and {@code memory} (heap bytes per idle coroutine against an idle
 * virtual thread); {@code echo} (a 64-byte echo round trip over loopback: an IO-context coroutine
 * server against a plain Netty handler). No scenario named means all.
 */
public final class BenchMain {
    private static final List<String> SCENARIOS = List.of("coroutines", "channels", "echo", "actors", "memory");
    private static final String NS_OP = "ns/op (lower is better)";
    private static final String[] JVM_FLAGS = {
        "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED"};

    private record Row(String scenario, double ours, String anchor, double anchorValue, double ratio,
                       String unit, int pairs) {
    }

    private BenchMain() {
    }

    /**
     * Runs the chosen scenarios and prints the table.
     *
     * @param args {@code --quick} and scenario names
     * @throws Exception if a benchmark fails to run
     */
    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Set<String> chosen = new LinkedHashSet<>();
        for (String a : args) {
            if (a.equals("--quick")) {
                quick = true;
            } else if (SCENARIOS.contains(a)) {
                chosen.add(a);
            } else {
                System.err.println("bench: unknown scenario '" + a + "'; scenarios: " + String.join(", ", SCENARIOS));
                System.exit(2);
            }
        }
        if (chosen.isEmpty()) {
            chosen.addAll(SCENARIOS);
        }
        int pairs = 3;
        boolean fast = quick;
        List<Row> rows = new ArrayList<>();
        for (String s : chosen) {
            switch (s) {
                case "coroutines" -> {
                    rows.add(jmhPair("yield+resume", "CoroutineBench.yieldResume", "JDK virtual thread", NS_OP, pairs,
                            quick));
                    rows.add(jmhPair("spawn+join", "CoroutineBench.spawnJoin", "JDK virtual thread", NS_OP, pairs,
                            quick));
                }
                case "channels" -> {
                    rows.add(jmhPair("local channel", "ChannelBench.localChannel", "JDK: 2 VTs + LinkedTransferQueue",
                            "ns/message (lower is better)", pairs, quick));
                    rows.add(jmhPair("shared channel, 2 machines", "ChannelBench.sharedChannel",
                            "JDK: 2 VTs + ArrayBlockingQueue(1024)", "ns/message (lower is better)", pairs, quick));
                    rows.add(jmhPair("contended mutex, 4 coroutines", "ChannelBench.mutex",
                            "JDK: 4 VTs + ReentrantLock", "ns/lock+unlock (lower is better)", pairs, quick));
                    rows.add(jmhPair("cross-machine ping-pong", "ChannelBench.pingPong",
                            "JDK: 2 VTs + SynchronousQueues", "ns/round trip (lower is better)", pairs, quick));
                    rows.add(pair("cross-machine ping-pong, machines spin 50 µs when idle",
                            "JDK: 2 VTs + SynchronousQueues", "ns/round trip (lower is better)", pairs,
                            () -> jmh("ChannelBench.pingPong_coroutine", fast, "idleSpinMicros", "50"),
                            () -> jmh("ChannelBench.pingPong_virtualThread", fast, null, null)));
                }
                case "echo" -> rows.add(pair("echo 64 B round trip, 1 connection", "Netty handler (epoll)",
                        "ns/round trip (lower is better)", pairs, () -> jmhParam("EchoBench.roundTrip", "coroutine", fast),
                        () -> jmhParam("EchoBench.roundTrip", "netty", fast)));
                case "actors" -> {
                    String ms = "ms (lower is better)";
                    String vt = "JDK: virtual threads + LinkedBlockingQueue";
                    rows.add(warmPair("actors: skynet, 1,000,000 actors, 2 machines", vt, ms, pairs,
                            () -> ActorWorkloads.skynetActors(2, 1_000_000),
                            () -> call(() -> ActorWorkloads.skynetVirtualThreads(1_000_000))));
                    rows.add(warmPair("actors: ring 10,000 x 100, 1 machine", vt, ms, pairs,
                            () -> ActorWorkloads.ringActors(1, 10_000, 100),
                            () -> call(() -> ActorWorkloads.ringVirtualThreads(10_000, 100))));
                    int trips = quick ? 100_000 : 1_000_000;
                    String rt = "ns/round trip (lower is better)";
                    String label = String.format(Locale.ROOT, "%,d", trips);
                    rows.add(warmPair("actors: ping-pong x " + label + ", 1 machine", vt, rt, pairs,
                            () -> ActorWorkloads.pingPongActors(1, 0, trips) * 1e6 / trips,
                            () -> call(() -> ActorWorkloads.pingPongVirtualThreads(trips)) * 1e6 / trips));
                    rows.add(warmPair("actors: ping-pong x " + label + ", 2 machines", vt, rt, pairs,
                            () -> ActorWorkloads.pingPongActors(2, 0, trips) * 1e6 / trips,
                            () -> call(() -> ActorWorkloads.pingPongVirtualThreads(trips)) * 1e6 / trips));
                    rows.add(warmPair("actors: ping-pong x " + label + ", 2 machines spinning 50 µs when idle", vt, rt,
                            pairs, () -> ActorWorkloads.pingPongActors(2, 50, trips) * 1e6 / trips,
                            () -> call(() -> ActorWorkloads.pingPongVirtualThreads(trips)) * 1e6 / trips));
                }
                case "memory" -> {
                    int n = quick ? 20_000 : 100_000;
                    rows.add(pair("idle coroutine heap", "JDK virtual thread", "bytes each (lower is better)", pairs,
                            () -> IdleMemory.bytesPerCoroutine(n), () -> {
                                try {
                                    return IdleMemory.bytesPerVirtualThread(n);
                                } catch (InterruptedException e) {
                                    throw new IllegalStateException(e);
                                }
                            }));
                    rows.add(pair("idle actor heap (blocked in receive)", "JDK: virtual thread in LinkedBlockingQueue.take",
                            "bytes each (lower is better)", pairs, () -> ActorWorkloads.bytesPerIdleActor(n),
                            () -> call(() -> ActorWorkloads.bytesPerIdleVirtualThreadActor(n))));
                }
                default -> throw new IllegalStateException(s);
            }
        }
        print(rows, quick);
        writeJson(rows);
    }

    private static Row jmhPair(String scenario, String method, String anchor, String unit, int pairs,
                               boolean quick) {
        return pair(scenario, anchor, unit, pairs, () -> jmh(method + "_coroutine", quick),
                () -> jmh(method + "_virtualThread", quick));
    }

    private static double jmhParam(String benchmark, String server, boolean quick) {
        return jmh(benchmark, quick, "server", server);
    }

    private static double jmh(String benchmark, boolean quick) {
        return jmh(benchmark, quick, null, null);
    }

    private static double jmh(String benchmark, boolean quick, String param, String value) {
        OptionsBuilder o = new OptionsBuilder();
        if (param != null) {
            o.param(param, value);
        }
        o.include("\\." + benchmark + "$")
                .forks(1)
                .warmupIterations(quick ? 2 : 4)
                .warmupTime(TimeValue.milliseconds(quick ? 500 : 1000))
                .measurementIterations(quick ? 3 : 5)
                .measurementTime(TimeValue.milliseconds(quick ? 500 : 1000))
                .jvmArgsAppend(JVM_FLAGS)
                .output(Path.of(System.getProperty("bench.results", "bench/results"), "jmh.log").toString())
                .shouldFailOnError(true);
        try {
            RunResult r = new Runner(o.build()).runSingle();
            return r.getPrimaryResult().getScore();
        } catch (RunnerException e) {
            throw new IllegalStateException("benchmark " + benchmark + " failed", e);
        }
    }

    private static Row pair(String scenario, String anchor, String unit, int pairs, DoubleSupplier ours,
                            DoubleSupplier theirs) {
        double[] o = new double[pairs];
        double[] a = new double[pairs];
        double[] ratios = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            o[i] = ours.getAsDouble();
            a[i] = theirs.getAsDouble();
            ratios[i] = o[i] / a[i];
            System.err.printf(Locale.ROOT, "# %s pair %d: ours %.1f, %s %.1f, ratio %.2f%n", scenario, i + 1, o[i],
                    anchor, a[i], ratios[i]);
        }
        return new Row(scenario, median(o), anchor, median(a), median(ratios), unit, pairs);
    }

    /** A pair run after one unmeasured run of each side, for workloads timed in this JVM (not JMH). */
    private static Row warmPair(String scenario, String anchor, String unit, int pairs, DoubleSupplier ours,
                                DoubleSupplier theirs) {
        ours.getAsDouble();
        theirs.getAsDouble();
        return pair(scenario, anchor, unit, pairs, ours, theirs);
    }

    /** A measurement that may be interrupted. */
    interface Measurement {
        double run() throws InterruptedException;
    }

    private static double call(Measurement m) {
        try {
            return m.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static void print(List<Row> rows, boolean quick) {
        System.out.println();
        System.out.printf("JDK %s, %d cores, %s; values are medians over the pairs; ratio = median of ours/anchor "
                + "per pair; JMH forks are not pinned to cores.%n%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), quick ? "quick mode" : "full mode");
        System.out.println("| scenario | ours | anchor | anchor value | ratio | unit |");
        System.out.println("|---|---:|---|---:|---:|---|");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %s | %.1f | %s | %.1f | %.2f | %s |%n", r.scenario, r.ours, r.anchor,
                    r.anchorValue, r.ratio, r.unit);
        }
    }

    private static void writeJson(List<Row> rows) throws IOException {
        StringBuilder b = new StringBuilder("[\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            b.append(String.format(Locale.ROOT, "  {\"scenario\": \"%s\", \"ours\": %.3f, \"anchor\": \"%s\", "
                    + "\"anchor_value\": %.3f, \"ratio\": %.4f, \"unit\": \"%s\", \"pairs\": %d}%s%n", r.scenario,
                    r.ours, r.anchor, r.anchorValue, r.ratio, r.unit, r.pairs, i + 1 < rows.size() ? "," : ""));
        }
        b.append("]\n");
        Path out = Path.of(System.getProperty("bench.results", "bench/results")).resolve("latest.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, b);
        System.out.println("\nwrote " + out);
    }
}
