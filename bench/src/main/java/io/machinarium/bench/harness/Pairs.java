package io.machinarium.bench.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Runs ours and the anchor alternately (A B A B …) and reduces the pairs to {@link Row}s. Progress goes
 * to standard error, one line per pair. Every method blocks until all its pairs have run.
 */
public final class Pairs {
    private Pairs() {
    }

    /**
     * Runs {@code pairs} pairs of one measurement each.
     *
     * @param scenario the row's name
     * @param anchor the anchor's name
     * @param unit the unit, saying which direction is better
     * @param pairs how many pairs
     * @param ours one measurement of ours
     * @param theirs one measurement of the anchor
     * @return the row
     */
    public static Row pair(String scenario, String anchor, String unit, int pairs, DoubleSupplier ours,
                           DoubleSupplier theirs) {
        return pairs(List.of(scenario), anchor, List.of(unit), pairs,
                () -> new double[] {ours.getAsDouble()}, () -> new double[] {theirs.getAsDouble()}).get(0);
    }

    /**
     * Like {@link #pair}, after one unmeasured run of each side (for workloads timed inside this JVM, whose
     * first run would pay for class loading and compilation).
     *
     * @param scenario the row's name
     * @param anchor the anchor's name
     * @param unit the unit
     * @param pairs how many pairs
     * @param ours one measurement of ours
     * @param theirs one measurement of the anchor
     * @return the row
     */
    public static Row warmPair(String scenario, String anchor, String unit, int pairs, DoubleSupplier ours,
                               DoubleSupplier theirs) {
        ours.getAsDouble();
        theirs.getAsDouble();
        return pair(scenario, anchor, unit, pairs, ours, theirs);
    }

    /**
     * Runs pairs whose every run yields several figures at once (e.g. requests/s and p99 latency of one
     * load run), one row per figure.
     *
     * @param scenarios the rows' names, one per figure
     * @param anchor the anchor's name
     * @param units the rows' units, one per figure
     * @param pairs how many pairs
     * @param ours one run of ours, its figures in the order of {@code scenarios}
     * @param theirs one run of the anchor, likewise
     * @return one row per figure
     */
    public static List<Row> pairs(List<String> scenarios, String anchor, List<String> units, int pairs,
                                  Supplier<double[]> ours, Supplier<double[]> theirs) {
        int k = scenarios.size();
        double[][] o = new double[k][pairs];
        double[][] a = new double[k][pairs];
        double[][] ratios = new double[k][pairs];
        for (int i = 0; i < pairs; i++) {
            double[] x = ours.get();
            double[] y = theirs.get();
            for (int j = 0; j < k; j++) {
                o[j][i] = x[j];
                a[j][i] = y[j];
                ratios[j][i] = x[j] / y[j];
                System.err.printf(Locale.ROOT, "# %s pair %d: ours %.1f, %s %.1f, ratio %.2f%n", scenarios.get(j),
                        i + 1, x[j], anchor, y[j], ratios[j][i]);
            }
        }
        List<Row> rows = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            rows.add(new Row(scenarios.get(j), median(o[j]), anchor, median(a[j]), median(ratios[j]), units.get(j),
                    pairs));
        }
        return rows;
    }

    /**
     * Runs rounds of ours followed by each anchor in turn (A B C A B C …), so one run of ours serves every
     * anchor of its round; one row per anchor, each ratio taken against the same round's run of ours.
     *
     * @param scenario the rows' name
     * @param unit the unit
     * @param rounds how many rounds
     * @param ours one measurement of ours
     * @param anchors each anchor's name and one measurement of it, in the order they run
     * @return one row per anchor
     */
    public static List<Row> rounds(String scenario, String unit, int rounds, DoubleSupplier ours,
                                   Map<String, DoubleSupplier> anchors) {
        List<String> names = new ArrayList<>(anchors.keySet());
        double[] o = new double[rounds];
        double[][] a = new double[names.size()][rounds];
        double[][] ratios = new double[names.size()][rounds];
        for (int i = 0; i < rounds; i++) {
            o[i] = ours.getAsDouble();
            for (int j = 0; j < names.size(); j++) {
                a[j][i] = anchors.get(names.get(j)).getAsDouble();
                ratios[j][i] = o[i] / a[j][i];
                System.err.printf(Locale.ROOT, "# %s round %d: ours %.1f, %s %.1f, ratio %.2f%n", scenario, i + 1,
                        o[i], names.get(j), a[j][i], ratios[j][i]);
            }
        }
        List<Row> rows = new ArrayList<>(names.size());
        for (int j = 0; j < names.size(); j++) {
            rows.add(new Row(scenario, median(o), names.get(j), median(a[j]), median(ratios[j]), unit, rounds));
        }
        return rows;
    }

    /**
     * Runs rounds of ours followed by each anchor in turn, like {@link #rounds}, for runs that yield several
     * figures at once (e.g. requests/s and p99 latency of one load run): one row per figure and anchor, the
     * figures' rows of one anchor together, in the order of {@code anchors}.
     *
     * @param scenarios the rows' names, one per figure
     * @param units the rows' units, one per figure
     * @param rounds how many rounds
     * @param ours one run of ours, its figures in the order of {@code scenarios}
     * @param anchors each anchor's name and one run of it, in the order they run
     * @return one row per anchor and figure
     */
    public static List<Row> roundsOf(List<String> scenarios, List<String> units, int rounds, Supplier<double[]> ours,
                                     Map<String, Supplier<double[]>> anchors) {
        int k = scenarios.size();
        List<String> names = new ArrayList<>(anchors.keySet());
        double[][] o = new double[k][rounds];
        double[][][] a = new double[names.size()][k][rounds];
        double[][][] ratios = new double[names.size()][k][rounds];
        for (int i = 0; i < rounds; i++) {
            double[] x = ours.get();
            for (int j = 0; j < k; j++) {
                o[j][i] = x[j];
            }
            for (int n = 0; n < names.size(); n++) {
                double[] y = anchors.get(names.get(n)).get();
                for (int j = 0; j < k; j++) {
                    a[n][j][i] = y[j];
                    ratios[n][j][i] = x[j] / y[j];
                    System.err.printf(Locale.ROOT, "# %s round %d: ours %.1f, %s %.1f, ratio %.2f%n", scenarios.get(j),
                            i + 1, x[j], names.get(n), y[j], ratios[n][j][i]);
                }
            }
        }
        List<Row> rows = new ArrayList<>(names.size() * k);
        for (int n = 0; n < names.size(); n++) {
            for (int j = 0; j < k; j++) {
                rows.add(new Row(scenarios.get(j), median(o[j]), names.get(n), median(a[n][j]), median(ratios[n][j]),
                        units.get(j), rounds));
            }
        }
        return rows;
    }

    /** The median; NaN (a run that failed) if any value is NaN, so a failure is never hidden by the others. */
    static double median(double[] v) {
        for (double x : v) {
            if (Double.isNaN(x)) {
                return Double.NaN;
            }
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
