package io.machinarium.core.testing;

import io.machinarium.core.Coroutine;
import io.machinarium.core.CoroutineFailedException;
import io.machinarium.core.CoroutineState;
import io.machinarium.core.Machine;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits on a plain test thread for a condition that nothing signals — a counter of another component, a
 * count of open descriptors, a coroutine that is blocked now — checking it every millisecond until it holds
 * or the time is up; and asserts on a virtual clock that something does not happen within a window
 * ({@link #nothingWithin}). Where the code under test can signal (a future, a latch, a coroutine's end),
 * wait on that instead.
 *
 * <p>Every method blocks the calling thread (it parks; never call these from a coroutine) and fails the
 * test with an {@link AssertionError} that says what did not happen.
 */
public final class Await {
    private Await() {
    }

    /**
     * Returns once {@code condition} holds; fails the test if it does not within {@code timeout}.
     *
     * @param timeout how long to wait at most
     * @param condition what to wait for; called on this thread
     * @param what describes the state for the failure message (called once, at the failure)
     * @throws AssertionError if the condition did not hold in time
     */
    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> what) {
        if (!holdsWithin(timeout, condition)) {
            throw new AssertionError("not within " + timeout + ": " + what.get());
        }
    }

    /**
     * Returns once {@code condition} holds; fails the test if it does not within {@link Timeouts#T}.
     *
     * @param what names the condition for the failure message
     * @param condition what to wait for; called on this thread
     * @throws AssertionError if the condition did not hold in time
     */
    public static void until(String what, BooleanSupplier condition) {
        until(Timeouts.T, condition, () -> what);
    }

    /**
     * Waits until {@code condition} holds or {@code timeout} passes.
     *
     * @param timeout how long to wait at most
     * @param condition what to wait for; called on this thread
     * @return whether it held
     */
    public static boolean holdsWithin(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(1_000_000);
        }
        return true;
    }

    /**
     * Waits (at most {@link Timeouts#T}) until {@code ref} holds a value, and returns it.
     *
     * @param ref the reference another thread or coroutine sets
     * @param <V> the value's type
     * @return the value
     * @throws AssertionError if it was not set in time
     */
    public static <V> V set(AtomicReference<V> ref) {
        until(Timeouts.T, () -> ref.get() != null, () -> "the value was never set");
        return ref.get();
    }

    /**
     * Waits (at most {@link Timeouts#T}) until the coroutine is blocked in a call (any call): it is
     * {@link CoroutineState#WAITING}. Once this returns, what the coroutine waits on has been armed, so a
     * wake-up, a cancellation or a message sent now reaches that wait.
     *
     * @param c the coroutine
     * @throws AssertionError if it did not block in time, or finished instead (its failure is the cause)
     */
    public static void blocked(Coroutine c) {
        blockedWhere(c, "a blocking call", () -> c.state() == CoroutineState.WAITING);
    }

    /**
     * Waits (at most {@link Timeouts#T}) until the coroutine is blocked on {@code thing}: it is
     * {@link CoroutineState#WAITING} and {@link Coroutine#waitingOn()} names {@code thing} (compared by
     * {@code toString()}, which is what the coroutine dump shows) — a channel's read, a mutex, a wait list.
     *
     * @param c the coroutine
     * @param thing what it should wait on
     * @throws AssertionError if it did not block on it in time, or finished instead
     */
    public static void blockedOn(Coroutine c, Object thing) {
        String expected = String.valueOf(thing);
        blockedWhere(c, expected, () -> c.state() == CoroutineState.WAITING
                && Objects.equals(c.waitingOn(), expected));
    }

    private static void blockedWhere(Coroutine c, String where, BooleanSupplier blocked) {
        boolean ok = holdsWithin(Timeouts.T, () -> blocked.getAsBoolean() || c.isDone());
        if (ok && !blocked.getAsBoolean() && c.isDone()) {
            AssertionError e = new AssertionError(c + " finished instead of blocking on " + where);
            try {
                c.join(Timeouts.T);
            } catch (RuntimeException failure) {
                e.initCause(failure);
            }
            throw e;
        }
        if (!ok) {
            throw new AssertionError("not within " + Timeouts.T + ": " + c + " blocked on " + where
                    + " (it is " + c.state() + ", waiting on " + c.waitingOn() + ")");
        }
    }

    /**
     * Waits (at most {@link Timeouts#T}) until a plain thread is parked ({@link Thread.State#WAITING} or
     * {@link Thread.State#TIMED_WAITING}): blocked in a primitive's wait, for instance.
     *
     * @param t the thread
     * @throws AssertionError if it did not park in time, or ended
     */
    public static void parked(Thread t) {
        until(Timeouts.T, () -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING
                || t.getState() == Thread.State.TERMINATED, () -> t + " parked");
        if (t.getState() == Thread.State.TERMINATED) {
            throw new AssertionError(t + " ended instead of parking");
        }
    }

    /**
     * Asserts that something does not happen within {@code window} of the machine's virtual clock: runs
     * {@code start} in a coroutine on {@code m}, lets {@code window} of virtual time pass there — every timer
     * due meanwhile fires, in deadline order, and what it makes ready runs, because the idle machine only
     * jumps to its next timer once nothing is ready — and then checks, still on the machine, that
     * {@code happened} is false. This is how a test says "not restarted", "no reply", "not timed out yet":
     * after the window the design sets has passed, not after a real sleep that a late wrong event would
     * outlast.
     *
     * <p>The window is counted from {@code start} because virtual time runs ahead whenever the machine is
     * idle, also while the test thread is busy elsewhere: only a coroutine on the machine sees a clock that
     * stands still between two of its steps. Called from a coroutine of {@code m}, it runs there directly.
     * Work that crosses to other threads (the offload pool, real IO) is not waited for; keep it out of such
     * a test.
     *
     * @param m the machine of a runtime on virtual time ({@link MachinariumTest#virtualTime()})
     * @param window how much virtual time must pass
     * @param start what starts the window (sends the message, crashes the child); runs on {@code m}
     * @param happened whether the thing happened; called on {@code m} after the window
     * @param what names the thing for the failure message
     * @throws IllegalArgumentException if {@code m} runs on real time, where this would be a sleep
     * @throws AssertionError if it happened, or the window did not pass within {@link Timeouts#T} of real time
     */
    public static void nothingWithin(Machine m, Duration window, Runnable start, BooleanSupplier happened,
                                     String what) {
        if (!m.runtime().config().virtualTime()) {
            throw new IllegalArgumentException("nothingWithin needs a runtime on virtual time; on real time "
                    + "it would be a sleep. Use @MachinariumTest(virtualTime = true).");
        }
        Runnable body = () -> {
            start.run();
            if (happened.getAsBoolean()) {
                throw new AssertionError(what + " happened at once, before any virtual time passed");
            }
            Coroutine.sleep(window);
            if (happened.getAsBoolean()) {
                throw new AssertionError(what + " happened within " + window + " of virtual time");
            }
        };
        if (Machine.current() == m) {
            body.run();
            return;
        }
        try {
            m.spawn("nothingWithin " + window, body).join(Timeouts.T);
        } catch (CoroutineFailedException e) {
            if (e.getCause() instanceof AssertionError a) {
                throw a;
            }
            throw e;
        }
    }
}
