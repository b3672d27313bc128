package io.machinarium.core.spi;

import io.machinarium.core.CancelledException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.MachinariumException;
import io.machinarium.core.TimedOutException;
import java.time.Duration;

/**
 * What blocks: the current {@link Coroutine}, or outside coroutines the current plain thread. Every
 * blocking call of Machinarium (and of primitives built on it) is written once against this type, so
 * it works the same from coroutines and from {@code main}, tests or legacy threads. Core implements it
 * for coroutines and threads; nothing else may ({@link #current()} is the only source of blockers).
 *
 * <p>One wait follows three steps:
 * <pre>{@code
 * Blocker me = Blocker.current();
 * long ticket = me.prepare(this);          // 1. arm a wait; "this" is what the dump shows it waits on
 * waiters.add(me, ticket);                 // 2. publish (me, ticket) where a waker will find it
 * Blocker.Outcome o = me.await(ticket, deadline); // 3. suspend until woken, timed out or cancelled
 * o.orThrow("read from", peer, "got no data", timeout);
 * }</pre>
 * Any thread may then call {@link #wake(long)} with the ticket. Exactly one of wake, timeout and
 * cancellation decides a wait; the others find the ticket spent and do nothing, so a waker knows from
 * the return value whether its hand-off was taken — the rule that lets channels lose nothing when a
 * reader's timeout races a writer. A wake with an old ticket never disturbs a later wait.
 *
 * <p>Thread safety: {@link #prepare} and {@link #await} only by the owner (the coroutine itself, or
 * the thread); {@link #wake} from any thread. A coroutine's wake never runs it on the waker's thread:
 * the coroutine is resumed later on its own machine.
 *
 * @since 0.1.0
 */
public interface Blocker {
    /** The deadline meaning "wait forever". */
    long NO_DEADLINE = Long.MAX_VALUE;

    /** How a wait ended. */
    enum Outcome {
        /** {@link #wake(long)} was called with the wait's ticket. */
        WOKEN,
        /** The deadline passed first. */
        TIMED_OUT,
        /** The coroutine was cancelled (or the thread interrupted) first. */
        CANCELLED;

        /**
         * Turns how a wait ended into how the blocking call ends — the one place where a timeout and a
         * cancellation become their exceptions. Returns for {@link #WOKEN}. The message names the call and
         * its subject, and is made only when thrown (a wait that was woken allocates nothing here).
         *
         * @param call what the caller was doing, e.g. {@code "read from"}
         * @param subject what it was done on, e.g. the peer's address; null for none
         * @param notInTime what did not happen, e.g. {@code "got no data"}: the timeout's message is
         *     {@code "CALL SUBJECT NOT_IN_TIME within TIMEOUT"}
         * @param timeout the call's timeout, for the message
         * @throws TimedOutException for {@link #TIMED_OUT}
         * @throws CancelledException for {@link #CANCELLED}: {@code "CALL SUBJECT was cancelled"}
         */
        public void orThrow(String call, Object subject, String notInTime, Duration timeout) {
            if (this != WOKEN) {
                throw failure(call, subject, notInTime, timeout);
            }
        }

        /**
         * The exception a wait that was not woken ends its call with, for a caller that must say
         * {@code throw} itself (a method that returns a value when woken). See
         * {@link #orThrow(String, Object, String, Duration)} for the arguments and messages.
         *
         * @param call what the caller was doing
         * @param subject what it was done on; null for none
         * @param notInTime what did not happen in time
         * @param timeout the call's timeout, for the message
         * @return a {@link TimedOutException} or a {@link CancelledException}
         * @throws IllegalStateException for {@link #WOKEN}, which is no failure
         */
        public MachinariumException failure(String call, Object subject, String notInTime, Duration timeout) {
            String what = subject == null ? call : call + " " + subject;
            return switch (this) {
                case TIMED_OUT -> new TimedOutException(what + " " + notInTime + " within " + timeout);
                case CANCELLED -> new CancelledException(what + " was cancelled");
                case WOKEN -> throw new IllegalStateException("a woken wait is no failure");
            };
        }

        /**
         * As {@link #orThrow(String, Object, String, Duration)}, saying the call "did not complete".
         *
         * @param call what the caller was doing
         * @param subject what it was done on; null for none
         * @param timeout the call's timeout, for the message
         * @throws TimedOutException for {@link #TIMED_OUT}
         * @throws CancelledException for {@link #CANCELLED}
         */
        public void orThrow(String call, Object subject, Duration timeout) {
            orThrow(call, subject, "did not complete", timeout);
        }
    }

    /**
     * Returns the blocker of the caller: its coroutine when called inside one, else its thread's.
     *
     * @return the caller's blocker, never null
     */
    static Blocker current() {
        return CoreAccess.currentBlocker();
    }

    /**
     * The clock that deadlines are measured on: on a machine's thread, the machine's clock (virtual on a
     * runtime that runs on virtual time); elsewhere {@link System#nanoTime()}.
     *
     * @return nanoseconds on a monotonic scale with an arbitrary origin
     */
    static long now() {
        return CoreAccess.now();
    }

    /**
     * Converts a timeout into a deadline on the {@link #now()} scale.
     *
     * @param timeout how long to wait at most; null or a huge value mean forever, zero or negative mean
     *     "already expired"
     * @return the deadline, or {@link #NO_DEADLINE}
     */
    static long deadline(Duration timeout) {
        if (timeout == null || timeout.compareTo(Duration.ofDays(365 * 100L)) > 0) {
            return NO_DEADLINE;
        }
        long d = now() + timeout.toNanos();
        return d == NO_DEADLINE ? d - 1 : d;
    }

    /**
     * Fails fast at the start of a blocking call whose caller is cancelled: a cancelled coroutine (or an
     * interrupted thread, whose flag stays set) gets {@link CancelledException} even when the call
     * could complete at once, so that cancellation stops a busy consumer too.
     *
     * @param call the blocking call, named in the message
     * @throws CancelledException if the caller is cancelled
     */
    static void throwIfCancelled(String call) {
        Coroutine c = Coroutine.current();
        if (c != null ? c.isCancelled() : Thread.currentThread().isInterrupted()) {
            throw new CancelledException(call + " refused: the caller was cancelled"
                    + (c != null ? " (coroutine '" + c.name() + "')" : " (thread interrupted)"));
        }
    }

    /**
     * Blocks the caller (a coroutine suspends, a thread parks) until a Netty future completes — a connect,
     * a handshake, a DNS query. It does not cancel the future: on timeout or cancellation the caller
     * decides what to do with the operation it started.
     *
     * @param future the future to wait for
     * @param deadlineNanos a deadline on the {@link #now()} scale, or {@link #NO_DEADLINE}
     * @param waitingOn what the wait is for, shown in coroutine dumps
     * @return {@link Outcome#WOKEN} once the future is done (also if it completed as the deadline or a
     *     cancellation hit), else {@link Outcome#TIMED_OUT} or {@link Outcome#CANCELLED}
     * @throws io.machinarium.core.MisuseException if the JVM refused to suspend the calling coroutine
     */
    static Outcome awaitFuture(io.netty.util.concurrent.Future<?> future, long deadlineNanos, Object waitingOn) {
        if (future.isDone()) {
            return Outcome.WOKEN;
        }
        Blocker me = current();
        long ticket = me.prepare(waitingOn);
        future.addListener(x -> me.wake(ticket));
        Outcome o = me.await(ticket, deadlineNanos);
        return future.isDone() ? Outcome.WOKEN : o;
    }

    /**
     * Arms a new wait. Only the owner may call this, just before publishing the ticket to wakers.
     *
     * @param waitingOn what the wait is for; its {@code toString()} appears in coroutine dumps
     * @return the ticket that names this wait in {@link #wake(long)} and {@link #await(long, long)}
     * @throws io.machinarium.core.MisuseException if called by anyone but the owner
     */
    long prepare(Object waitingOn);

    /**
     * Ends the wait named by {@code ticket} as woken, if it is still undecided. Safe from any thread,
     * including the owner's own (the coroutine then resumes after it suspends).
     *
     * @param ticket the ticket returned by {@link #prepare}
     * @return true if this call decided the wait; false if it had already ended (timed out, cancelled,
     *     woken by someone else) or the ticket belongs to an earlier wait
     */
    boolean wake(long ticket);

    /**
     * Blocks the owner until the wait named by {@code ticket} is decided. Only the owner may call it.
     *
     * @param ticket the ticket returned by the last {@link #prepare}
     * @param deadlineNanos a deadline on the {@link #now()} scale, or {@link #NO_DEADLINE}
     * @return how the wait ended
     * @throws io.machinarium.core.MisuseException if called by anyone but the owner, or if the JVM refused
     *     to suspend the coroutine (it is pinned, e.g. inside a class initializer or a native frame)
     */
    Outcome await(long ticket, long deadlineNanos);

    /**
     * Ends an armed wait without suspending, for a caller that found what it wanted after publishing
     * its ticket. If a waker decided the wait first, this waits for that (already scheduled) wake-up,
     * which returns at once, so that no stale resumption is left behind.
     *
     * @param ticket the ticket returned by the last {@link #prepare}
     * @return how the wait ended: {@link Outcome#CANCELLED} if withdrawn before anyone woke it
     */
    Outcome withdraw(long ticket);
}
