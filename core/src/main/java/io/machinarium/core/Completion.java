package io.machinarium.core;

import io.machinarium.core.spi.WaiterQueue;

/**
 * A one-shot result that coroutines and threads can wait for: completed once with a value or a
 * failure, by any thread. Used for machine termination, offloaded calls and dumps (a coroutine's joiners
 * wait in {@code CoroutineLinks} instead: its done flag is the result).
 */
final class Completion<T> {
    private final WaiterQueue waiters = new WaiterQueue();
    private volatile boolean done;
    private T value;
    private Throwable failure;

    boolean isDone() {
        return done;
    }

    boolean complete(T v) {
        return finish(v, null);
    }

    boolean fail(Throwable t) {
        return finish(null, t);
    }

    private boolean finish(T v, Throwable t) {
        synchronized (this) {
            if (done) {
                return false;
            }
            value = v;
            failure = t;
            done = true;
        }
        waiters.wakeAll();
        return true;
    }

    /** The value; only after {@link #isDone()}. */
    T value() {
        return value;
    }

    /** The failure, or null; only after {@link #isDone()}. */
    Throwable failure() {
        return failure;
    }

    /**
     * Waits until done. A result that arrives together with a timeout or cancellation wins: nothing
     * completed is ever thrown away.
     *
     * @return {@link Blocker.Outcome#WOKEN} when done, else how the wait ended
     */
    Blocker.Outcome await(long deadlineNanos, Object waitingOn) {
        while (!done) {
            Blocker me = Blocker.current();
            long ticket = me.prepare(waitingOn);
            WaiterQueue.Node node = waiters.add(me, ticket);
            if (done) {
                me.wake(ticket);
            }
            Blocker.Outcome o = me.await(ticket, deadlineNanos);
            waiters.remove(node);
            if (o != Blocker.Outcome.WOKEN && !done) {
                return o;
            }
        }
        return Blocker.Outcome.WOKEN;
    }
}
