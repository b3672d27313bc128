package io.machinarium.bench.harness;

import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * Warms one side of a comparison in rounds until its figure stops improving: a fresh JVM's JIT keeps
 * compiling for tens of seconds under load, and its compiler threads share the measured process's core, so a
 * fixed short warm-up measures a half-compiled server (profiled for the http, proxy, tls, pooler and remote
 * scenarios). The rule, the same for every scenario: at least {@code least} rounds, then more until a round is
 * no more than 5 % better than the round before, at most {@code most}; a single round when {@code least} is 1
 * (the smoke mode). The rounds' figures are not kept; each goes to standard error.
 */
public final class WarmUp {
    /** How much better than the round before a round may be and still count as the plateau. */
    private static final double STEADY = 0.05;

    private WarmUp() {
    }

    /**
     * Runs warm-up rounds; blocks until they are done.
     *
     * @param what the side, for the progress lines
     * @param unit the figure's unit, for the progress lines
     * @param higherIsBetter whether a larger figure is an improvement (a rate) or a smaller one (a time)
     * @param least the fewest rounds (at least 1)
     * @param most the most rounds
     * @param round runs one round and gives its figure; its exceptions end the warm-up and pass to the caller
     */
    public static void untilSteady(String what, String unit, boolean higherIsBetter, int least, int most,
                                   DoubleSupplier round) {
        double before = Double.NaN;
        for (int r = 1; r <= most; r++) {
            double now = round.getAsDouble();
            System.err.printf(Locale.ROOT, "# warm-up of %s, round %d: %.1f %s%n", what, r, now, unit);
            if (r >= least && (r == 1 || steady(before, now, higherIsBetter))) {
                return;
            }
            before = now;
        }
    }

    /** Whether {@code now} is no more than {@link #STEADY} better than {@code before}. */
    static boolean steady(double before, double now, boolean higherIsBetter) {
        return higherIsBetter ? now <= before * (1 + STEADY) : now >= before * (1 - STEADY);
    }
}
