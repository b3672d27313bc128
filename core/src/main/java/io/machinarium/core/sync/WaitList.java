package io.machinarium.core.sync;

import io.machinarium.core.Blocker;
import io.machinarium.core.CancelledException;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.WaiterQueue;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A futex-like wait list (machinarium's {@code mm_wait_list}): coroutines and threads wait until
 * notified; {@link #compareWait} waits only while a shared word still holds an expected value, which
 * closes the race between checking a condition and going to sleep.
 *
 * <pre>{@code
 * AtomicLong state = new AtomicLong();
 * WaitList changes = new WaitList(state);
 * // waiter                                   // notifier
 * long seen = state.get();                    state.incrementAndGet();
 * while (!ready(seen)) {                      changes.wakeAll();
 *     changes.compareWait(seen, timeout);
 *     seen = state.get();
 * }
 * }</pre>
 *
 * <p>A notification with no one waiting is not remembered (use {@link Event} for that).
 */
public final class WaitList {
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
     * Waits until notified.
     *
     * @param timeout how long to wait; null waits forever
     * @throws TimedOutException if not notified in time
     * @throws CancelledException if the caller is or gets cancelled
     */
    public void await(Duration timeout) {
        Blocker.throwIfCancelled("wait list wait");
        Blocker me = Blocker.current();
        long ticket;
        WaiterQueue.Node node;
        synchronized (this) {
            ticket = me.prepare(this);
            node = waiters.add(me, ticket);
        }
        SyncWait.await(me, ticket, waiters, node, Blocker.deadline(timeout), timeout, this);
    }

    /**
     * Waits until notified, but only if the word still equals {@code expected} — checked atomically
     * with respect to {@link #wakeOne()} and {@link #wakeAll()}.
     *
     * @param expected the value the caller last saw
     * @param timeout how long to wait; null waits forever
     * @return false at once if the word differs from {@code expected}; true once notified
     * @throws TimedOutException if not notified in time
     * @throws CancelledException if the caller is or gets cancelled
     */
    public boolean compareWait(long expected, Duration timeout) {
        Blocker.throwIfCancelled("wait list compare-wait");
        Blocker me = Blocker.current();
        long ticket;
        WaiterQueue.Node node;
        synchronized (this) {
            if (word.get() != expected) {
                return false;
            }
            ticket = me.prepare(this);
            node = waiters.add(me, ticket);
        }
        SyncWait.await(me, ticket, waiters, node, Blocker.deadline(timeout), timeout, this);
        return true;
    }

    /**
     * Wakes the longest waiter, if any.
     *
     * @return true if a waiter was woken
     */
    public boolean wakeOne() {
        barrier();
        return waiters.wakeOne();
    }

    /**
     * Wakes every waiter.
     *
     * @return how many were woken
     */
    public int wakeAll() {
        barrier();
        return waiters.wakeAll();
    }

    /**
     * Orders this wake-up after any compare-and-enqueue in progress: a waiter that compared the old word
     * is in the queue by now, and one that compares later sees the new word. The wake itself happens
     * outside the monitor, so no thread waits on it during a system call.
     */
    private void barrier() {
        synchronized (this) {
            // nothing: entering and leaving is the point
        }
    }

    @Override
    public String toString() {
        return "wait list (word " + word.get() + ")";
    }
}
