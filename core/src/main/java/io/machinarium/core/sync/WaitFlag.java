package io.machinarium.core.sync;

import io.machinarium.core.CancelledException;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.spi.Blocker;
import io.machinarium.core.spi.WaiterQueue;
import java.time.Duration;

/**
 * A flag that is set once and that coroutines and threads can wait for (machinarium's
 * {@code mm_wait_flag}): "the listener is up", "shutdown has begun".
 *
 * @since 0.1.0
 */
public final class WaitFlag {
    private final WaiterQueue waiters = new WaiterQueue();
    private volatile boolean set;

    /** Creates a flag that is not set. */
    public WaitFlag() {
    }

    /** Sets the flag and wakes every waiter; setting it again does nothing. */
    public void set() {
        synchronized (this) {
            if (set) {
                return;
            }
            set = true;
        }
        waiters.wakeAll();
    }

    /** {@return whether the flag is set} */
    public boolean isSet() {
        return set;
    }

    /**
     * Waits until the flag is set; returns at once if it is.
     *
     * @param timeout how long to wait; null waits forever
     * @throws TimedOutException if it is not set in time
     * @throws CancelledException if the caller is or gets cancelled
     */
    public void await(Duration timeout) {
        Blocker.throwIfCancelled("wait flag wait");
        if (set) {
            return;
        }
        Blocker me = Blocker.current();
        long ticket;
        WaiterQueue.Node node;
        synchronized (this) {
            if (set) {
                return;
            }
            ticket = me.prepare(this);
            node = waiters.add(me, ticket);
        }
        SyncWait.await(me, ticket, waiters, node, Blocker.deadline(timeout), timeout, this);
    }

    @Override
    public String toString() {
        return "wait flag (" + (set ? "set" : "unset") + ")";
    }
}
