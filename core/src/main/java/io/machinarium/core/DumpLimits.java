package io.machinarium.core;

/**
 * How much one coroutine dump ({@link Machinarium#dump(java.time.Duration, DumpLimits, java.util.function.Consumer)})
 * may list, so that a diagnostic asked for on a busy server stays cheap: taking a coroutine's stack is
 * the costly part, and a machine takes the stacks of its coroutines in slices between its other work.
 *
 * <pre>{@code
 * rt.dump(Duration.ofSeconds(2), new DumpLimits(200, 16), System.out::print);
 * }</pre>
 *
 * @param maxCoroutinesPerMachine how many coroutines of each machine are listed; the rest are counted in
 *     one "… N more coroutines" line
 * @param maxFrames how many frames of each stack are listed; a longer stack ends with a "…" line
 * @since 0.1.0
 */
public record DumpLimits(int maxCoroutinesPerMachine, int maxFrames) {
    /** The limits of {@link Machinarium#dump(java.time.Duration)}: 1,000 coroutines per machine, 64 frames each. */
    public static final DumpLimits DEFAULT = new DumpLimits(1_000, 64);
    /** No limit: every coroutine with its whole stack, as {@link Machinarium#coroutines} lists them. */
    public static final DumpLimits NONE = new DumpLimits(Integer.MAX_VALUE, Integer.MAX_VALUE);

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if a limit is negative
     */
    public DumpLimits {
        if (maxCoroutinesPerMachine < 0 || maxFrames < 0) {
            throw new IllegalArgumentException("dump limits must not be negative: " + maxCoroutinesPerMachine
                    + " coroutines, " + maxFrames + " frames");
        }
    }
}
