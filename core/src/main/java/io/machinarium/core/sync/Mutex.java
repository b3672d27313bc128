package io.machinarium.core.sync;

import io.machinarium.core.CancelledException;
import io.machinarium.core.MisuseException;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.spi.Blocker;
import io.machinarium.core.spi.WaiterQueue;
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
 * <p>Not fair, like {@code ReentrantLock}'s default: {@link #unlock()} wakes the longest waiter,
 * which then competes with callers arriving meanwhile. Handing the lock over instead would make every
 * contended acquire wait for the wake-up of another machine's thread (a lock convoy). Not reentrant. Memory effects: what the owner wrote before {@code unlock} is visible to the next
 * owner after its {@code lock} returns.
 *
 * @since 0.1.0
 */
public final class Mutex {
    private final WaiterQueue waiters = new WaiterQueue();
    private Blocker owner;

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
        // woken by an unlock, the loop tries again: another caller may have taken the lock first
        SyncWait.until(this, waiters, this::take, "mutex lock", timeout);
    }

    /** Under the monitor: takes the lock if it is free. */
    private boolean take(Blocker me) {
        if (owner == null) {
            owner = me;
            return true;
        }
        if (owner == me) {
            throw new MisuseException("this mutex is already held by the caller; it is not reentrant, so "
                    + "locking it again would wait forever.");
        }
        return false;
    }

    /**
     * Acquires the lock only if it is free.
     *
     * @return true if the caller now holds it
     */
    public boolean tryLock() {
        Blocker me = Blocker.current();
        synchronized (this) {
            if (owner == null) {
                owner = me;
                return true;
            }
            return false;
        }
    }

    /**
     * Releases the lock, handing it to the longest waiter if there is one.
     *
     * @throws MisuseException if the caller does not hold it
     */
    public void unlock() {
        Blocker me = Blocker.current();
        synchronized (this) {
            if (owner != me) {
                throw new MisuseException("unlock by a coroutine or thread that does not hold this mutex.");
            }
            owner = null;
        }
        // Outside the monitor: waking a coroutine of a sleeping machine costs a system call, and no
        // thread may wait on this monitor meanwhile.
        waiters.wakeOne();
    }

    /** {@return whether some coroutine or thread holds the lock now (a snapshot)} */
    public synchronized boolean isLocked() {
        return owner != null;
    }

    @Override
    public String toString() {
        return "mutex@" + Integer.toHexString(System.identityHashCode(this));
    }
}
