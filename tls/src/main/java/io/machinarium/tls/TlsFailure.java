package io.machinarium.tls;

/**
 * Why a TLS handshake failed: the {@link TlsHandshakeException#failure()} of a failed upgrade.
 *
 * @since 0.1.0
 */
public enum TlsFailure {
    /** The peer's certificate does not lead to a trusted CA (or the peer said so of ours). */
    UNKNOWN_CA,
    /** The server's certificate does not name the host the client expected. */
    NAME_MISMATCH,
    /** A certificate of the chain has expired, or is not valid yet. */
    EXPIRED_CERTIFICATE,
    /** The server requires a client certificate and the client sent none. */
    MISSING_CLIENT_CERTIFICATE,
    /** The two sides enable no protocol version (or cipher suite) in common. */
    NO_COMMON_PROTOCOL,
    /** The peer does not speak TLS: what it sent is not a TLS record. */
    NOT_TLS,
    /** The peer closed the connection during the handshake. */
    CLOSED,
    /** Any other failure; the message and cause say which. */
    OTHER
}
