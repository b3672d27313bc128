package io.machinarium.cluster;

/**
 * Turns messages of one type into bytes and back, for messages that cross between nodes. The default codec
 * (Jackson, JSON) serves every type registered with {@link ClusterConfig.Builder#messageTypes}; a codec of
 * its own ({@link ClusterConfig.Builder#codec}) serves exactly its {@link #type()}: a compact binary
 * format, say, or a type Jackson cannot handle.
 *
 * <p>Thread safety: called from any thread (senders' machines, NATS's dispatcher thread) at once; an
 * implementation must be thread-safe and must not block.
 *
 * @param <T> the message type
 * @since 0.1.0
 */
public interface MessageCodec<T> {
    /** {@return the message type this codec serves} */
    Class<T> type();

    /**
     * Encodes a message.
     *
     * @param message the message
     * @param refs writes actor references found in the message (they travel as text)
     * @return the bytes
     * @throws RuntimeException if the message cannot be encoded (its sender gets a
     *     {@link MessageEncodingException} with this as the cause)
     */
    byte[] encode(T message, ActorRefCodec refs);

    /**
     * Decodes a message.
     *
     * @param data the bytes, as {@link #encode} made them on some node
     * @param refs reads actor references written by {@link ActorRefCodec#write}
     * @return the message
     * @throws RuntimeException if the bytes are not a message of this type (it becomes a dead letter
     *     with this as the reason; the node goes on)
     */
    T decode(byte[] data, ActorRefCodec refs);
}
