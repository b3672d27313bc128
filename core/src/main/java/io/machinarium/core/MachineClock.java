package io.machinarium.core;

import java.time.Duration;

/**
 * A machine's clock: the time its timers and deadlines are measured on, and the millisecond clock cached
 * once per scheduler pass so that {@link Machine#timeMillis()} costs no system call.
 *
 * <p>Real time is {@link System#nanoTime()}. Virtual time ({@link MachinariumConfig}) moves only when the
 * idle machine jumps to its next timer, so a test of a ten-minute timeout runs in microseconds and the
 * order of events stays the real one.
 *
 * <p>Thread: written by the machine thread only; {@link #nanos()} and {@link #virtualElapsed()} from any
 * thread (the virtual time is volatile), {@link #passNanos} is read racily by the machine's own callers.
 */
final class MachineClock {
    private final boolean virtual;
    /** The virtual clock: moves only when the idle machine jumps to its next timer. */
    private volatile long virtualNanos = System.nanoTime();
    private final long virtualStart;
    /** The clock at the start of the current scheduler pass. */
    long passNanos = System.nanoTime();

    MachineClock(boolean virtual) {
        this.virtual = virtual;
        this.virtualStart = virtualNanos;
    }

    boolean isVirtual() {
        return virtual;
    }

    /** The clock of timers and deadlines now: virtual or {@link System#nanoTime()}. */
    long nanos() {
        return virtual ? virtualNanos : System.nanoTime();
    }

    /** Starts a scheduler pass at real time {@code real}; returns the pass's time on this clock. */
    long startPass(long real) {
        long now = virtual ? virtualNanos : real;
        passNanos = now;
        return now;
    }

    /** Moves the virtual clock forward to {@code deadline}, never back. Machine thread only. */
    void jumpTo(long deadline) {
        if (deadline - virtualNanos > 0) {
            virtualNanos = deadline;
        }
    }

    /** How far the virtual clock has moved since the machine started; zero on real time. */
    Duration virtualElapsed() {
        return Duration.ofNanos(virtualNanos - virtualStart);
    }
}
