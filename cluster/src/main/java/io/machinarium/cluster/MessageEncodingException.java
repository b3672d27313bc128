package io.machinarium.cluster;

import io.machinarium.core.MachinariumException;

/**
 * A message for an actor of another node could not be sent: its type has no codec (register it with
 * {@link ClusterConfig.Builder#messageTypes}), the codec failed, or the encoded message is larger than the
 * NATS servers accept. Thrown by the sending {@code tell} or {@code ask}; nothing was sent.
 *
 * @since 0.1.0
 */
public final class MessageEncodingException extends MachinariumException {
    private static final long serialVersionUID = 1L;

    MessageEncodingException(String message) {
        super(message);
    }

    MessageEncodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
