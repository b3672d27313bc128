package io.machinarium.core.sync;

import io.machinarium.core.CancelledException;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.spi.Blocker;
import io.machinarium.core.spi.WaiterQueue;
import java.time.Duration;

/**
 * An auto-reset event, like an eventfd counter of one: {@link #signal()} wakes one waiter, or, when
 * no one waits, stays signalled until the next {@link #await} consumes it. Signals do not add up: two
 * signals with no waiter are consumed by one wait. Any thread or coroutine may signal and wait.
 *
 * @since 0.1.0
 */
public final class Event {
    private final WaiterQueue waiters = new WaiterQueue();
    private boolean signalled;

    /** Creates an event that is not signalled. */
    public Event() {
    }

    /** Wakes one waiter, or leaves the event signalled for the next one; wakes outside the monitor. */
    public void signal() {
        for (;;) {
            WaiterQueue.Node n;
            synchronized (this) {
                n = waiters.poll();
                if (n == null) {
                    signalled = true;
                    return;
                }
            }
            if (n.wake()) {
                return;  // the woken waiter has consumed this signal
            }
        }
    }

    /**
     * Waits for a signal, consuming it; returns at once if the event is signalled.
     *
     * @param timeout how long to wait; null waits forever
     * @throws TimedOutException if no signal came in time
     * @throws CancelledException if the caller is or gets cancelled
     */
    public void await(Duration timeout) {
        Blocker.throwIfCancelled("event wait");
        Blocker me = Blocker.current();
        long ticket;
        WaiterQueue.Node node;
        synchronized (this) {
            if (signalled) {
                signalled = false;
                return;
            }
            ticket = me.prepare(this);
            node = waiters.add(me, ticket);
        }
        SyncWait.await(me, ticket, waiters, node, Blocker.deadline(timeout), timeout, this);
    }

    /** {@return whether a signal is pending with no one to take it (a snapshot)} */
    public synchronized boolean isSignalled() {
        return signalled;
    }

    @Override
    public String toString() {
        return "event@" + Integer.toHexString(System.identityHashCode(this));
    }
}
