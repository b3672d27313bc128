package io.machinarium.actors;

import io.machinarium.core.Coroutine;
import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.Timeouts;

/**
 * Waits on a test thread until an actor is blocked in its mailbox: in {@code receive}, {@code poll} or a
 * selective receive, with nothing it accepts queued. A message told after this returns is the one that
 * wakes that receive, so a test of "receive waits for a match that arrives later" or "stopping an actor
 * blocked in receive" says so instead of sleeping a while and hoping it got there.
 */
final class ActorAwait {
    private ActorAwait() {
    }

    /**
     * Waits (at most {@link Timeouts#T}) until the local actor {@code ref} is blocked taking from its mailbox.
     *
     * @param ref a reference returned by {@link ActorSystem#spawn} on this process
     * @throws AssertionError if it did not get there in time, or its coroutine finished instead
     */
    static void inReceive(ActorRef<?> ref) {
        ActorCell<?> cell = (ActorCell<?>) ref;
        Await.until(Timeouts.T, () -> cell.coroutine != null, () -> cell + " started its coroutine");
        Coroutine c = cell.coroutine;
        // the mailbox's wait names the cell itself (ActorCell.take): what the coroutine dump shows
        Await.blockedOn(c, cell);
    }
}
