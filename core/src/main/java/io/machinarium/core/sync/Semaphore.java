package io.machinarium.core.sync;

import io.machinarium.core.CancelledException;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.spi.WaiterQueue;
import java.time.Duration;

/**
 * A counting semaphore for coroutines on any machines and plain threads. A release wakes as many of
 * the longest waiters as permits were returned; they then compete for the permits with new callers.
 *
 * <pre>{@code
 * Semaphore backendSlots = new Semaphore(100);
 * backendSlots.acquire(Duration.ofMillis(500));
 * try { query(); } finally { backendSlots.release(); }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Semaphore {
    private final WaiterQueue waiters = new WaiterQueue();
    private long permits;

    /**
     * Creates a semaphore.
     *
     * @param permits the permits available at first, at least 0
     */
    public Semaphore(long permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("permits must be >= 0, not " + permits);
        }
        this.permits = permits;
    }

    /**
     * Takes one permit, waiting without limit.
     *
     * @throws CancelledException if the caller is cancelled while waiting (no permit is taken)
     */
    public void acquire() {
        acquire(null);
    }

    /**
     * Takes one permit, waiting at most {@code timeout} for one.
     *
     * @param timeout how long to wait; null waits forever
     * @throws TimedOutException if no permit became free in time (none is taken)
     * @throws CancelledException if the caller is or gets cancelled (none is taken)
     */
    public void acquire(Duration timeout) {
        SyncWait.until(this, waiters, me -> {
            if (permits > 0) {
                permits--;
                return true;
            }
            return false;
        }, "semaphore acquire", timeout);
    }

    /**
     * Takes a permit only if one is free.
     *
     * @return true if a permit was taken
     */
    public synchronized boolean tryAcquire() {
        if (permits > 0) {
            permits--;
            return true;
        }
        return false;
    }

    /** Returns one permit, handing it to the longest waiter if there is one. */
    public void release() {
        release(1);
    }

    /**
     * Returns permits and wakes up to that many waiters (outside the semaphore's monitor).
     *
     * @param n how many permits, at least 1
     */
    public void release(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("release at least one permit, not " + n);
        }
        synchronized (this) {
            permits += n;
        }
        for (long i = 0; i < n && waiters.wakeOne(); i++) {
            // each woken waiter retries for a permit
        }
    }

    /** {@return the permits free now (a snapshot)} */
    public synchronized long available() {
        return permits;
    }

    @Override
    public String toString() {
        return "semaphore@" + Integer.toHexString(System.identityHashCode(this));
    }
}
