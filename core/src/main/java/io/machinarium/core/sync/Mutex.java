package io.machinarium.core.sync;

import io.machinarium.core.CancelledException;
import io.machinarium.core.MisuseException;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.spi.Blocker;
import io.machinarium.core.spi.WaiterQueue;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * A mutual-exclusion lock for coroutines on any machines and for plain threads: a coroutine that
 * waits suspends (its machine keeps running others), a thread parks. Use it instead of
 * {@code synchronized} or {@code ReentrantLock}, which must never be held across a suspension.
 *
 * <pre>{@code
 * mutex.lock(Duration.ofSeconds(1));
 * try {
 *     account.balance -= amount;
 *     Coroutine.sleep(1);          // fine: other coroutines of this machine keep running
 * } finally {
 *     mutex.unlock();
 * }
 * }</pre>
 *
 * <p>Policy: barging, with a bound. A free lock goes to whoever asks first, with one compare-and-set and
 * no monitor, like {@code ReentrantLock}'s default. {@link #unlock()} wakes the longest waiter, but only
 * if no waiter it woke earlier is still on its way to retry: a woken waiter that finds the lock retaken
 * goes back to the end of the queue, and one wake-up in flight is enough. A waiter that has lost
 * {@value #RACES_BEFORE_HAND_OFF} such races stops competing: from then on every {@code unlock} hands
 * ownership directly to the longest waiter (no one can barge in between) until that starving waiter has
 * the lock; then barging resumes. So a waiter gets the lock after at most {@value #RACES_BEFORE_HAND_OFF}
 * lost races and then as many hand-offs as there were waiters ahead of it. Handing over on every unlock
 * instead would make each contended acquire wait for the wake-up of another machine's thread (a lock
 * convoy). Not reentrant. Memory effects: what the owner wrote before {@code unlock} is visible to the
 * next owner after its {@code lock} returns.
 *
 * @since 0.1.0
 */
public final class Mutex {
    /** Lost races after which a waiter asks for the lock to be handed to the queue rather than freed. */
    static final int RACES_BEFORE_HAND_OFF = 3;
    private static final VarHandle OWNER;

    static {
        try {
            OWNER = MethodHandles.lookup().findVarHandle(Mutex.class, "owner", Blocker.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final WaiterQueue waiters = new WaiterQueue();
    /** Who holds the lock, or null; taken by compare-and-set, so the free path needs no monitor. */
    private volatile Blocker owner;
    /**
     * Waits in {@link #waiters}, written under this mutex's monitor and read by {@code unlock} without it: a
     * waiter counts itself before its last look at {@link #owner}, an unlocker frees {@link #owner} before it
     * looks here, so one of the two always sees the other (no wake-up is lost).
     */
    private volatile int queued;
    /** Waiters that lost {@value #RACES_BEFORE_HAND_OFF} races and still wait: while positive, unlock hands over. */
    private volatile int starving;
    /** Whether a waiter that {@code unlock} woke has not retried yet (under the monitor). */
    private boolean wakeInFlight;

    /** Creates an unlocked mutex. */
    public Mutex() {
    }

    /**
     * Acquires the lock, waiting without limit.
     *
     * @throws CancelledException if the caller is cancelled while waiting (it does not hold the lock)
     * @throws MisuseException if the caller already holds it
     */
    public void lock() {
        lock(null);
    }

    /**
     * Acquires the lock, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait; null waits forever
     * @throws TimedOutException if it could not be acquired in time (the caller does not hold it)
     * @throws CancelledException if the caller is or gets cancelled (the caller does not hold it)
     * @throws MisuseException if the caller already holds it
     */
    public void lock(Duration timeout) {
        Blocker.throwIfCancelled("mutex lock");
        Blocker me = Blocker.current();
        if (!OWNER.compareAndSet(this, null, me)) {
            lockSlowly(me, timeout);
        }
    }

    private void lockSlowly(Blocker me, Duration timeout) {
        if (owner == me) {
            throw new MisuseException("this mutex is already held by the caller; it is not reentrant, so "
                    + "locking it again would wait forever.");
        }
        long deadline = Blocker.deadline(timeout);
        int lostRaces = 0;
        try {
            for (;;) {
                long ticket;
                WaiterQueue.Node node;
                synchronized (this) {
                    queued++;
                    if (OWNER.compareAndSet(this, null, me)) {
                        queued--;
                        return;
                    }
                    ticket = me.prepare(this);
                    node = waiters.add(me, ticket);
                }
                Blocker.Outcome o = me.await(ticket, deadline);
                synchronized (this) {
                    if (o != Blocker.Outcome.WOKEN) {
                        // not removed: an unlocker took the node, lost its wake to us and cleans up itself
                        if (waiters.remove(node)) {
                            queued--;
                        }
                        o.orThrow("mutex lock", this, "did not get the lock", timeout);
                    }
                    if (owner == me) {
                        return;  // handed over
                    }
                    wakeInFlight = false;
                    if (OWNER.compareAndSet(this, null, me)) {
                        return;
                    }
                    if (++lostRaces == RACES_BEFORE_HAND_OFF) {
                        starving++;
                    }
                }
            }
        } finally {
            if (lostRaces >= RACES_BEFORE_HAND_OFF) {
                synchronized (this) {
                    starving--;
                }
            }
        }
    }

    /**
     * Acquires the lock only if it is free.
     *
     * @return true if the caller now holds it
     */
    public boolean tryLock() {
        return OWNER.compareAndSet(this, null, Blocker.current());
    }

    /**
     * Releases the lock: frees it and wakes the longest waiter, or, while a waiter is starving (see the
     * class comment), hands it to the longest waiter. Never blocks beyond a few field writes under the
     * monitor.
     *
     * @throws MisuseException if the caller does not hold it
     */
    public void unlock() {
        Blocker me = Blocker.current();
        if (owner != me) {
            throw new MisuseException("unlock by a coroutine or thread that does not hold this mutex.");
        }
        if (starving > 0 && handOver(me)) {
            return;
        }
        owner = null;
        if (queued > 0) {
            wakeLongestWaiter();
        }
    }

    /** Passes ownership to the longest waiter that is still waiting; false if there is none (still owned). */
    private boolean handOver(Blocker me) {
        for (;;) {
            WaiterQueue.Node n;
            synchronized (this) {
                n = waiters.poll();
                if (n == null) {
                    return false;
                }
                queued--;
                owner = n.blocker();
            }
            // Outside the monitor: waking a coroutine of a sleeping machine costs a system call.
            if (n.wake()) {
                return true;
            }
            synchronized (this) {
                owner = me;  // that waiter timed out or was cancelled first; no one else could take it meanwhile
            }
        }
    }

    /** Wakes the longest waiter, unless one woken earlier has yet to retry. */
    private void wakeLongestWaiter() {
        for (;;) {
            WaiterQueue.Node n;
            synchronized (this) {
                if (wakeInFlight) {
                    return;
                }
                n = waiters.poll();
                if (n == null) {
                    return;
                }
                queued--;
                wakeInFlight = true;
            }
            if (n.wake()) {
                return;
            }
            synchronized (this) {
                wakeInFlight = false;
            }
        }
    }

    /** {@return whether some coroutine or thread holds the lock now (a snapshot)} */
    public boolean isLocked() {
        return owner != null;
    }

    /** {@return how many waits are queued now, woken ones on their way to retry excluded (a snapshot)} */
    int queuedWaiters() {
        return queued;
    }

    @Override
    public String toString() {
        return "mutex@" + Integer.toHexString(System.identityHashCode(this));
    }
}
