package io.machinarium.actors;

/**
 * The message a monitoring actor receives when the actor it monitors exits ({@link ActorContext#monitor}).
 *
 * @param actor the monitored actor
 * @param reason why it exited; {@link ExitReason.Kind#NO_ACTOR} if it was gone when the monitor was set
 * @param monitor the monitor that fired
 * @since 0.1.0
 */
public record Down(ActorRef<?> actor, ExitReason reason, Monitor monitor) {
}
