package io.machinarium.actors;

/**
 * The message an actor that traps exits ({@link ActorContext#trapExits}) receives when a linked actor
 * exits, for whatever reason.
 *
 * @param from the linked actor that exited
 * @param reason why it exited
 * @since 0.1.0
 */
public record Exit(ActorRef<?> from, ExitReason reason) {
}
