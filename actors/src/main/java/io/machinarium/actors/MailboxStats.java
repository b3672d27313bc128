package io.machinarium.actors;

/**
 * A snapshot of an actor system's mailboxes, made by {@link ActorSystem#mailboxes}.
 *
 * @param actors the live actors counted
 * @param queued messages and signals waiting in their mailboxes, all together
 * @param longest the most waiting in any one mailbox
 * @since 0.1.0
 */
public record MailboxStats(long actors, long queued, long longest) {
}
