package io.machinarium.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A machine's counters, kept by its thread with plain writes and published for other threads (stats
 * readers, the stall watchdog) with release stores that they read with acquire loads: no lock and, on
 * x86, no fence on the machine's side.
 *
 * <p>The switch count is published at every resumption, because the stall watchdog needs to see a busy
 * machine move between two passes; the others once per pass ({@link #publish}).
 *
 * <p>Thread: {@link #switched()} and {@link #publish} by the machine thread; the readers from any thread.
 */
final class SchedulerStats {
    private static final VarHandle LONG_ARRAY = MethodHandles.arrayElementVarHandle(long[].class);

    /** alive, ready, switches, passes. */
    private final long[] published = new long[4];
    /** Switches, published at every resumption. */
    private final long[] progress = new long[1];
    private long switches;
    private long passes;
    /** Written by the stall watchdog only. */
    volatile long stalls;

    /** Counts one coroutine resumption. */
    void switched() {
        LONG_ARRAY.setRelease(progress, 0, ++switches);  // a plain store on x86; read by the stall watchdog
    }

    /** Publishes the pass's counts; ends a scheduler pass. */
    void publish(int alive, int ready) {
        LONG_ARRAY.setRelease(published, 0, (long) alive);
        LONG_ARRAY.setRelease(published, 1, (long) ready);
        LONG_ARRAY.setRelease(published, 2, switches);
        LONG_ARRAY.setRelease(published, 3, ++passes);
    }

    MachineStats snapshot(String machine, long wakeUps) {
        long a = (long) LONG_ARRAY.getAcquire(published, 0);
        long r = (long) LONG_ARRAY.getAcquire(published, 1);
        long s = (long) LONG_ARRAY.getAcquire(published, 2);
        return new MachineStats(machine, (int) a, (int) r, (int) Math.max(0, a - r), s, wakeUps, stalls);
    }

    /**
     * Progress made: passes plus coroutine switches. A number that stops moving while the machine is not
     * parked means one coroutine or task holds the thread.
     */
    long progress() {
        return (long) LONG_ARRAY.getAcquire(published, 3) + (long) LONG_ARRAY.getAcquire(progress, 0);
    }
}
