package io.machinarium.samples.pooler;

/**
 * A peer broke the wire protocol (a length that lies, an unknown message, a malformed startup packet): the
 * pooler answers a client with {@code FATAL 08P01} and this message, and closes the connection.
 */
final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ProtocolException(String message) {
        super(message);
    }
}
