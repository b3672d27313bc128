package io.machinarium.actors;

/**
 * What a bounded mailbox does with a message that arrives when it is full.
 *
 * @since 0.1.0
 */
public enum Overflow {
    /** Refuse the message: the sender's {@link ActorRef#tell} throws {@link MailboxFullException}. */
    REJECT,
    /** Take the message and move the oldest queued one to the dead letters. */
    DROP_OLDEST
}
