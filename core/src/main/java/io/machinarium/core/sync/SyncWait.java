package io.machinarium.core.sync;

import io.machinarium.core.Blocker;
import io.machinarium.core.CancelledException;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.WaiterQueue;
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
        if (o == Blocker.Outcome.TIMED_OUT) {
            throw new TimedOutException(what + ": not woken within " + timeout);
        }
        throw new CancelledException(what + ": the wait was cancelled");
    }
}
