package io.machinarium.core.sync;

import io.machinarium.core.CancelledException;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.spi.Blocker;
import io.machinarium.core.spi.WaiterQueue;
import java.time.Duration;

/** The tail of every wait in this package: suspend, and turn a timeout or cancellation into its exception. */
final class SyncWait {
    private SyncWait() {
    }

    /**
     * Awaits a wait already published in {@code queue}; returns if it was woken, else unlinks it and
     * throws.
     */
    static void await(Blocker me, long ticket, WaiterQueue queue, WaiterQueue.Node node, long deadline,
                      Duration timeout, Object what) {
        Blocker.Outcome o = me.await(ticket, deadline);
        if (o == Blocker.Outcome.WOKEN) {
            return;
        }
        queue.remove(node);
        o.orThrow(String.valueOf(what) + ":", null, "not woken", timeout);
    }

    /** What an acquire loop tries, under the primitive's monitor: true if the caller got it. */
    interface Attempt {
        boolean take(Blocker me);
    }

    /**
     * The acquire loop of every primitive here that waits for a state (a free lock, a permit, a zero count):
     * under {@code lock}, try; if that fails, publish a wait in {@code waiters}, suspend (or park) outside the
     * monitor, and try again when woken — another caller may have come first.
     *
     * @throws TimedOutException if the attempt did not succeed in time
     * @throws CancelledException if the caller is or gets cancelled
     */
    static void until(Object lock, WaiterQueue waiters, Attempt attempt, String call, Duration timeout) {
        Blocker.throwIfCancelled(call);
        Blocker me = Blocker.current();
        long deadline = Blocker.deadline(timeout);
        for (;;) {
            long ticket;
            WaiterQueue.Node node;
            synchronized (lock) {
                if (attempt.take(me)) {
                    return;
                }
                ticket = me.prepare(lock);
                node = waiters.add(me, ticket);
            }
            await(me, ticket, waiters, node, deadline, timeout, lock);
        }
    }
}
