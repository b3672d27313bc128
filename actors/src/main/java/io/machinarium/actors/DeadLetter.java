package io.machinarium.actors;

/**
 * A message that reached no actor: sent to an exited actor, dropped by a full
 * {@link Overflow#DROP_OLDEST} mailbox, left in a mailbox when its actor exited, or a reply that arrived
 * after its request had timed out. Observed through {@link ActorSystem#onDeadLetter}.
 *
 * @param recipient where the message was sent
 * @param message the message (a buffer in it is not released by the system)
 * @param reason why it was not delivered, one sentence
 * @since 0.1.0
 */
public record DeadLetter(ActorRef<?> recipient, Object message, String reason) {
}
