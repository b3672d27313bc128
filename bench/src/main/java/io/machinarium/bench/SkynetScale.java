package io.machinarium.bench;

import io.machinarium.bench.harness.Mode;
import io.machinarium.bench.harness.Pairs;
import io.machinarium.bench.harness.Row;
import io.machinarium.bench.proc.Child;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code skynet-scale} scenario (issue #18): skynet at 10^5, 10^6 and 10^7 leaves (10^7 not with
 * {@code --quick}), ours (2 machines) against JDK virtual threads and Pekko typed, each run in a fresh JVM of
 * its own ({@link SkynetChild}: one unmeasured run at up to 10^5 leaves, then the measured one), unpinned,
 * with the same flags for every side: {@value #HEAP}, no {@code -Xms} (the heap grows as the workload needs, so
 * the resident set says what it needed), {@code -XX:+ExitOnOutOfMemoryError}. Rows: wall time of the measured
 * run and the JVM's peak resident set. A side that fails (out of memory, past its time) is not run again at
 * that size; its rows say "failed" and why, with no figure.
 */
final class SkynetScale {
    /** The heap limit of every side. */
    static final String HEAP = "-Xmx12g";
    private static final String MS = "ms (lower is better)";
    private static final String MIB = "MiB peak RSS (lower is better)";
    private static final Pattern RESULT = Pattern.compile("skynet-result ([0-9.]+) ([0-9]+)");
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final String OURS = "ours";
    private static final Map<String, String> ANCHORS = new LinkedHashMap<>();

    static {
        ANCHORS.put("vthreads", "JDK: virtual threads + LinkedBlockingQueue");
        ANCHORS.put("pekko", "Pekko typed 1.7.0 (default dispatcher)");
    }

    private SkynetScale() {
    }

    /**
     * Runs every size in rounds (ours, virtual threads, Pekko); blocks for the whole run.
     *
     * @param mode sizes and rounds: 10^5 to 10^7 in full mode, to 10^6 with {@code --quick}, 10^4 in smoke mode
     * @return four rows per size: time and peak RSS, each against both anchors
     */
    static List<Row> run(Mode mode) {
        int[] sizes = mode.smoke() ? new int[] {10_000}
                : mode.quick() ? new int[] {100_000, 1_000_000} : new int[] {100_000, 1_000_000, 10_000_000};
        List<Row> rows = new ArrayList<>();
        for (int leaves : sizes) {
            rows.addAll(size(leaves, mode));
        }
        return rows;
    }

    private static List<Row> size(int leaves, Mode mode) {
        Map<String, String> failures = new LinkedHashMap<>();
        Map<String, Supplier<double[]>> anchors = new LinkedHashMap<>();
        ANCHORS.forEach((side, name) -> anchors.put(name, () -> once(side, leaves, failures)));
        String what = String.format(Locale.ROOT, "skynet-scale: %,d actors, ", leaves);
        String flags = ", own JVM each, " + HEAP;
        List<Row> rows = Pairs.roundsOf(List.of(what + "time" + flags, what + "peak RSS" + flags), List.of(MS, MIB),
                mode.pairs(), () -> once(OURS, leaves, failures), anchors);
        List<Row> named = new ArrayList<>(rows.size());
        for (Row r : rows) {
            String scenario = r.scenario();
            if (failures.containsKey(OURS)) {
                scenario += " (ours failed: " + failures.get(OURS) + ")";
            }
            String anchor = r.anchor();
            for (Map.Entry<String, String> a : ANCHORS.entrySet()) {
                if (a.getValue().equals(anchor) && failures.containsKey(a.getKey())) {
                    anchor += " (failed: " + failures.get(a.getKey()) + ")";
                }
            }
            named.add(new Row(scenario, r.ours(), anchor, r.anchorValue(), r.ratio(), r.unit(), r.pairs()));
        }
        return named;
    }

    /**
     * One run of one side in a JVM of its own: {ms, peak MiB}, or {NaN, NaN} if it failed now or before (the
     * reason goes to {@code failures}, and a side that failed is not started again).
     */
    private static double[] once(String side, int leaves, Map<String, String> failures) {
        if (failures.containsKey(side)) {
            return new double[] {Double.NaN, Double.NaN};
        }
        List<String> cmd = Child.java(List.of(), List.of(HEAP, "-XX:+ExitOnOutOfMemoryError"),
                SkynetChild.class.getName(), side, Integer.toString(leaves));
        Child.Outcome o = Child.attempt(cmd, TIMEOUT);
        Matcher m = RESULT.matcher(o.output());
        if (!o.timedOut() && o.exit() == 0 && m.find()) {
            return new double[] {Double.parseDouble(m.group(1)), Long.parseLong(m.group(2)) / 1024.0};
        }
        String why = o.timedOut() ? "did not finish within " + TIMEOUT.toMinutes() + " min"
                : o.output().contains("OutOfMemoryError") ? "OutOfMemoryError" : "exit status " + o.exit();
        failures.put(side, why);
        String tail = o.output().length() > 2_000 ? o.output().substring(o.output().length() - 2_000) : o.output();
        System.err.printf(Locale.ROOT, "# skynet-scale: %s at %,d leaves failed (%s):%n%s%n", side, leaves, why, tail);
        return new double[] {Double.NaN, Double.NaN};
    }
}
