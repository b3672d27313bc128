package io.machinarium.core.sync;

import io.machinarium.core.CancelledException;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.spi.Blocker;
import io.machinarium.core.spi.WaiterQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A futex-like wait list (machinarium's {@code mm_wait_list}): coroutines and threads wait until
 * notified; {@link #compareWait} waits only while a shared word still holds an expected value, which
 * closes the race between checking a condition and going to sleep.
 *
 * <pre>{@code
 * AtomicLong state = new AtomicLong();
 * WaitList<Void> changes = new WaitList<>(state);
 * // waiter                                   // notifier
 * long seen = state.get();                    state.incrementAndGet();
 * while (!ready(seen)) {                      changes.wakeAll();
 *     changes.compareWait(seen, timeout);
 *     seen = state.get();
 * }
 * }</pre>
 *
 * <p>A waiter may publish a value with its wait ({@link #await(Object, Duration)},
 * {@link #compareWait(long, Object, Duration)}); {@link #wakeOne(Consumer)} and {@link #wakeAll(Consumer)}
 * hand each woken waiter's value to a callback (machinarium's {@code mm_wait_list_notify_cb}) — for
 * example to give the woken waiter something through the object it published:
 *
 * <pre>{@code
 * WaitList<Slot> idle = new WaitList<>();
 * // a waiter offers its slot                 // a notifier hands a job to the oldest waiter
 * Slot mine = new Slot();                     idle.wakeOne(slot -> slot.job = job);
 * idle.await(mine, timeout);
 * run(mine.job);
 * }</pre>
 *
 * <p>Exactly the waiters a notification takes from the list are notified: the callback runs for each of
 * them, under the list's lock, before that waiter's wait returns, and each such wait returns normally —
 * also one whose timeout or cancellation struck at the same moment, so no notification (and nothing a
 * callback handed over) is lost. A wait that timed out or was cancelled before a notifier took it throws
 * and gets no callback. A notification with no one waiting is not remembered (use {@link Event} for that).
 * Waiters are taken oldest first.
 *
 * <p>Thread safety: any coroutine or thread may wait and notify. Visibility: what a notifier wrote before
 * notifying, and what its callback wrote, is visible to the woken waiter after its wait returns.
 *
 * @param <V> the type of the values waiters publish; {@code Void} if they publish none
 * @since 0.1.0
 */
public final class WaitList<V> {
    private final WaiterQueue waiters = new WaiterQueue();
    private final AtomicLong word;

    /** Creates a wait list with a word of its own, starting at 0. */
    public WaitList() {
        this(new AtomicLong());
    }

    /**
     * Creates a wait list over a shared word.
     *
     * @param word the word {@link #compareWait} compares against; notifiers change it before notifying
     */
    public WaitList(AtomicLong word) {
        this.word = word;
    }

    /** {@return the word compared by {@link #compareWait}} */
    public AtomicLong word() {
        return word;
    }

    /**
     * Waits until notified, publishing no value. See {@link #await(Object, Duration)}.
     *
     * @param timeout how long to wait; null waits forever
     * @throws TimedOutException if not notified in time
     * @throws CancelledException if the caller is or gets cancelled
     */
    public void await(Duration timeout) {
        await(null, timeout);
    }

    /**
     * Waits until notified; a notifier's callback receives {@code value}. Suspends a coroutine, parks a
     * thread.
     *
     * @param value what this waiter publishes to the notifier's callback; may be null
     * @param timeout how long to wait; null waits forever
     * @throws TimedOutException if not notified in time
     * @throws CancelledException if the caller is or gets cancelled
     */
    public void await(V value, Duration timeout) {
        Blocker.throwIfCancelled("wait list wait");
        Blocker me = Blocker.current();
        long ticket;
        WaiterQueue.Node node;
        synchronized (this) {
            ticket = me.prepare(this);
            node = waiters.add(me, ticket, value);
        }
        finish(me, ticket, node, timeout);
    }

    /**
     * Waits until notified, but only if the word still equals {@code expected}, publishing no value. See
     * {@link #compareWait(long, Object, Duration)}.
     *
     * @param expected the value the caller last saw
     * @param timeout how long to wait; null waits forever
     * @return false at once if the word differs from {@code expected}; true once notified
     * @throws TimedOutException if not notified in time
     * @throws CancelledException if the caller is or gets cancelled
     */
    public boolean compareWait(long expected, Duration timeout) {
        return compareWait(expected, null, timeout);
    }

    /**
     * Waits until notified, but only if the word still equals {@code expected} — checked atomically
     * with respect to {@link #wakeOne} and {@link #wakeAll}; a notifier's callback receives {@code value}.
     *
     * @param expected the value the caller last saw
     * @param value what this waiter publishes to the notifier's callback; may be null
     * @param timeout how long to wait; null waits forever
     * @return false at once if the word differs from {@code expected} (no callback sees {@code value});
     *     true once notified
     * @throws TimedOutException if not notified in time
     * @throws CancelledException if the caller is or gets cancelled
     */
    public boolean compareWait(long expected, V value, Duration timeout) {
        Blocker.throwIfCancelled("wait list compare-wait");
        Blocker me = Blocker.current();
        long ticket;
        WaiterQueue.Node node;
        synchronized (this) {
            if (word.get() != expected) {
                return false;
            }
            ticket = me.prepare(this);
            node = waiters.add(me, ticket, value);
        }
        finish(me, ticket, node, timeout);
        return true;
    }

    /**
     * Wakes the longest waiter, if any.
     *
     * @return true if a waiter was notified
     */
    public boolean wakeOne() {
        return wakeOne(null);
    }

    /**
     * Wakes the longest waiter, if any, first handing its value to {@code callback}. The callback runs on
     * the caller's thread, under the list's lock, before the waiter's wait returns; it must be short and
     * must not block. An exception it throws is thrown to the caller, and the waiter is woken anyway.
     *
     * @param callback receives the woken waiter's value (null if it published none); null for none
     * @return true if a waiter was notified, false if none waited (the callback is not called)
     */
    public boolean wakeOne(Consumer<? super V> callback) {
        WaiterQueue.Node n;
        synchronized (this) {
            n = waiters.poll();
            if (n == null) {
                return false;
            }
            try {
                hand(n, callback);
            } catch (RuntimeException | Error e) {
                n.wake();
                throw e;
            }
        }
        n.wake();  // outside the lock: no thread waits for it during the system call of an unpark
        return true;
    }

    /**
     * Wakes every waiter.
     *
     * @return how many were notified
     */
    public int wakeAll() {
        return wakeAll(null);
    }

    /**
     * Wakes every waiter, first handing each one's value to {@code callback}, oldest first. The callback
     * runs as in {@link #wakeOne(Consumer)}; if it throws, every waiter taken is still woken and the
     * exception is thrown to the caller.
     *
     * @param callback receives each woken waiter's value (null if it published none); null for none
     * @return how many were notified
     */
    public int wakeAll(Consumer<? super V> callback) {
        List<WaiterQueue.Node> taken = new ArrayList<>();
        try {
            synchronized (this) {
                for (WaiterQueue.Node n = waiters.poll(); n != null; n = waiters.poll()) {
                    taken.add(n);
                    hand(n, callback);
                }
            }
        } finally {
            for (WaiterQueue.Node n : taken) {
                n.wake();
            }
        }
        return taken.size();
    }

    @SuppressWarnings("unchecked")
    private static <V> void hand(WaiterQueue.Node n, Consumer<? super V> callback) {
        if (callback != null) {
            callback.accept((V) n.attachment());
        }
    }

    /** The tail of every wait: a wait a notifier took counts as notified, whatever ended it. */
    private void finish(Blocker me, long ticket, WaiterQueue.Node node, Duration timeout) {
        Blocker.Outcome o = me.await(ticket, Blocker.deadline(timeout));
        if (o == Blocker.Outcome.WOKEN) {
            return;
        }
        boolean stillQueued;
        synchronized (this) {
            stillQueued = waiters.remove(node);  // false: a notifier took it (and ran its callback) first
        }
        if (!stillQueued) {
            return;
        }
        o.orThrow(this + ":", null, "not woken", timeout);
    }

    @Override
    public String toString() {
        return "wait list (word " + word.get() + ")";
    }
}
