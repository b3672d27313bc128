package io.machinarium.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The regression gate of {@code bench/run --smoke}: a few ratios ours ÷ the JDK's, each measured side by side
 * in this one JVM (ours, theirs, ours, theirs, ...: the load of the machine hits both sides alike), compared
 * with bounds stored in {@code bench/gate-bounds.properties}. A ratio past its bound fails the gate. The bounds
 * are set about three times the ratio measured when they were written, far past the noise of a loaded
 * two-core machine (which moves these ratios by well under 2×) and well inside what a real regression does (an
 * extra scheduler round per hand-off, an object more per coroutine). Absolute times are never compared.
 *
 * <p>Blocks until every ratio is measured (about half a minute on two cores).
 */
final class Gate {
    /** One gated ratio: its key in the bounds file, what it compares, and one measurement of each side. */
    private record Check(String key, String what, Measure ours, Measure theirs) {
    }

    /** One measurement: a cost (nanoseconds per operation, bytes per object), lower is better. */
    @FunctionalInterface
    private interface Measure {
        double cost() throws Exception;
    }

    /** One call of a benchmark method. */
    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    private static final int PAIRS = 5;

    private Gate() {
    }

    /**
     * Measures every ratio, prints a table and the verdict on standard output.
     *
     * @param bounds the bounds file ({@code key=bound}, one per ratio)
     * @return true when every ratio is within its bound
     * @throws IOException if the bounds file cannot be read
     * @throws IllegalArgumentException if a ratio has no bound in the file
     * @throws Exception if a measurement fails
     */
    static boolean run(Path bounds) throws Exception {
        Properties limits = new Properties();
        try (Reader r = Files.newBufferedReader(bounds)) {
            limits.load(r);
        }
        ChannelBench channels = new ChannelBench();
        CoroutineBench coroutines = new CoroutineBench();
        channels.start();
        coroutines.start();
        try {
            List<Check> checks = List.of(
                    new Check("idle-coroutine-bytes", "idle coroutine heap ÷ idle virtual thread heap (bytes each)",
                            () -> IdleMemory.bytesPerCoroutine(20_000),
                            () -> IdleMemory.bytesPerVirtualThread(20_000)),
                    new Check("spawn-join", "spawn+join: coroutine ÷ virtual thread (ns each)",
                            () -> perOp(coroutines::spawnJoin_coroutine, CoroutineBench.BATCH, 5),
                            () -> perOp(coroutines::spawnJoin_virtualThread, CoroutineBench.BATCH, 5)),
                    new Check("cross-machine-ping-pong",
                            "ping-pong across 2 machines on SharedChannels ÷ 2 VTs on SynchronousQueues (ns a trip)",
                            () -> perOp(channels::pingPong_coroutine, ChannelBench.ROUNDS, 2),
                            () -> perOp(channels::pingPong_virtualThread, ChannelBench.ROUNDS, 2)),
                    new Check("contended-mutex", "4 coroutines on a Mutex ÷ 4 VTs on a ReentrantLock (ns a lock)",
                            () -> perOp(channels::mutex_coroutine, ChannelBench.BATCH, 5),
                            () -> perOp(channels::mutex_virtualThread, ChannelBench.BATCH, 5)));
            boolean pass = true;
            List<String> lines = new ArrayList<>();
            for (Check c : checks) {
                String bound = limits.getProperty(c.key());
                if (bound == null) {
                    throw new IllegalArgumentException("no bound for '" + c.key() + "' in " + bounds
                            + "; add a line " + c.key() + "=<largest acceptable ratio>");
                }
                double limit = Double.parseDouble(bound.trim());
                double ratio = ratio(c);
                boolean ok = ratio <= limit;
                pass &= ok;
                lines.add(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %s |", c.key(), c.what(), ratio, limit,
                        ok ? "ok" : "PAST ITS BOUND"));
            }
            System.out.println();
            System.out.println("Regression gate (bounds: " + bounds + "; ratio = median over " + PAIRS
                    + " side-by-side pairs of ours ÷ the JDK's, lower is better)");
            System.out.println();
            System.out.println("| key | ratio of | ratio | bound | verdict |");
            System.out.println("|---|---|---:|---:|---|");
            lines.forEach(System.out::println);
            System.out.println();
            System.out.println(pass ? "gate: every ratio within its bound" : "gate: FAILED, a ratio is past its bound");
            return pass;
        } finally {
            coroutines.stop();
            channels.stop();
        }
    }

    /** Median over the pairs of ours ÷ theirs, after one unmeasured run of each side. */
    private static double ratio(Check c) throws Exception {
        c.ours().cost();
        c.theirs().cost();
        double[] ratios = new double[PAIRS];
        for (int i = 0; i < PAIRS; i++) {
            double ours = c.ours().cost();
            double theirs = c.theirs().cost();
            ratios[i] = ours / theirs;
            System.err.printf(Locale.ROOT, "# gate %s pair %d: ours %.1f, theirs %.1f, ratio %.2f%n", c.key(), i + 1,
                    ours, theirs, ratios[i]);
        }
        Arrays.sort(ratios);
        return ratios[PAIRS / 2];
    }

    /** Nanoseconds per operation over {@code invocations} calls of a benchmark method doing {@code ops} each. */
    private static double perOp(Call benchmark, int ops, int invocations) throws Exception {
        long t0 = System.nanoTime();
        for (int i = 0; i < invocations; i++) {
            benchmark.run();
        }
        return (double) (System.nanoTime() - t0) / ((long) ops * invocations);
    }
}
