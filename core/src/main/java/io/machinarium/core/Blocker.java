package io.machinarium.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * Core's implementation of the {@link io.machinarium.core.spi.Blocker} SPI: one wait's state (ticket and
 * status in one word, decided by exactly one compare-and-set) shared by the two kinds of blocker,
 * {@link Coroutine} (suspends) and {@link ThreadBlocker} (parks). Package-private: modules built on core
 * see only the SPI; core's own waits (joins, scopes, timers) also use the hooks below — waiting through
 * a cancellation, deciding a wait on a timer, reading the outcome.
 */
abstract sealed class Blocker implements io.machinarium.core.spi.Blocker permits Coroutine, ThreadBlocker {
    static final int WAITING = 0;
    static final int WOKEN = 1;
    static final int TIMED_OUT = 2;
    static final int CANCELLED = 3;
    private static final Outcome[] OUTCOMES = {null, Outcome.WOKEN, Outcome.TIMED_OUT, Outcome.CANCELLED};

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Blocker.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** (ticket << 2) | status; ticket 0 with WOKEN means "never waited". */
    private volatile long state = WOKEN;
    /** What the current wait is for, shown in dumps; null when not waiting. */
    volatile Object waitingOn;

    Blocker() {
    }

    /** The caller's blocker: its coroutine, else its thread's (the SPI's {@code current()}). */
    static Blocker current() {
        Coroutine c = Coroutine.current();
        return c != null ? c : ThreadBlocker.forCurrentThread();
    }

    /** The deadline clock: the machine's on its thread (virtual or real), else {@link System#nanoTime()}. */
    static long now() {
        return Thread.currentThread() instanceof MachineThread t ? t.scheduler.clock.nanos() : System.nanoTime();
    }

    /** As the SPI's {@code deadline}, for core's own waits. */
    static long deadline(Duration timeout) {
        return io.machinarium.core.spi.Blocker.deadline(timeout);
    }

    /** As the SPI's {@code throwIfCancelled}, for core's own calls. */
    static void throwIfCancelled(String call) {
        io.machinarium.core.spi.Blocker.throwIfCancelled(call);
    }

    @Override
    public final long prepare(Object waitingOn) {
        checkOwner("Blocker.prepare");
        long ticket = ((long) STATE.getOpaque(this) >>> 2) + 1;
        this.waitingOn = waitingOn;
        STATE.setVolatile(this, ticket << 2);
        return ticket;
    }

    @Override
    public final boolean wake(long ticket) {
        return decide(ticket, WOKEN);
    }

    @Override
    public abstract Outcome await(long ticket, long deadlineNanos);

    /**
     * Like {@link #await} for a wait that cancellation must not end: a scope whose owner was cancelled
     * still waits for its cancelled children to end. A cancellation that arrives meanwhile (a coroutine's
     * {@link Coroutine#cancel()}, a thread's interrupt) may end the wait as {@link Outcome#CANCELLED}, once
     * per cancel; the caller waits again. A thread's interrupt flag is set again on return.
     */
    abstract Outcome awaitIgnoringCancellation(long ticket, long deadlineNanos);

    @Override
    public final Outcome withdraw(long ticket) {
        if (abandon(ticket, CANCELLED)) {
            waitingOn = null;
            return Outcome.CANCELLED;
        }
        return await(ticket, NO_DEADLINE);
    }

    /** Called once by whoever decided the current wait, on that party's thread. */
    abstract void onDecided();

    /** Throws MisuseException unless the caller owns this blocker. */
    abstract void checkOwner(String call);

    final boolean decide(long ticket, int status) {
        long expected = ticket << 2;
        if ((long) STATE.getVolatile(this) == expected && STATE.compareAndSet(this, expected, expected | status)) {
            onDecided();
            return true;
        }
        return false;
    }

    /** Decides the wait as {@code status} without scheduling a resume; true if it was still undecided. */
    final boolean abandon(long ticket, int status) {
        long expected = ticket << 2;
        return STATE.compareAndSet(this, expected, expected | status);
    }

    final boolean isWaiting(long ticket) {
        return (long) STATE.getVolatile(this) == ticket << 2;
    }

    /** The current ticket if a wait is armed and undecided, else -1. */
    final long pendingTicket() {
        long s = (long) STATE.getVolatile(this);
        return (s & 3) == WAITING ? s >>> 2 : -1;
    }

    final Outcome outcome(long ticket) {
        long s = (long) STATE.getVolatile(this);
        if (s >>> 2 != ticket || (s & 3) == WAITING) {
            throw new IllegalStateException("wait " + ticket + " is not decided (state " + s + ")");
        }
        return OUTCOMES[(int) (s & 3)];
    }
}
