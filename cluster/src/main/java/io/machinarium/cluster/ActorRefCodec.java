package io.machinarium.cluster;

import io.machinarium.actors.ActorRef;

/**
 * Writes an actor reference into a message that leaves the process, and reads it back on the receiving
 * node, for {@link MessageCodec}s of their own (the default codec does this for every {@code ActorRef}
 * field). A reference to an actor of the receiving node reads back as that actor itself, so a message to
 * it never goes through NATS.
 *
 * <p>Thread safety: any thread.
 *
 * @since 0.1.0
 */
public interface ActorRefCodec {
    /**
     * Writes a reference as text.
     *
     * @param ref an actor of this node or a reference to one of another node
     * @return its text form
     * @throws IllegalArgumentException if the reference cannot leave the process
     */
    String write(ActorRef<?> ref);

    /**
     * Reads a reference written by {@link #write} on some node.
     *
     * @param text its text form
     * @param <M> the message type (unchecked)
     * @return the reference
     * @throws IllegalArgumentException if the text is not a reference of this cluster
     */
    <M> ActorRef<M> read(String text);
}
