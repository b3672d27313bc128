package io.machinarium.tls;

import io.machinarium.core.IoFailedException;
import java.io.IOException;

/**
 * A TLS handshake failed; {@link #failure()} says why in a word, the message in a sentence, and the
 * cause is the provider's exception. The connection is closed when this is thrown.
 *
 * @since 0.1.0
 */
public class TlsHandshakeException extends IoFailedException {
    private static final long serialVersionUID = 1L;
    /** The kind of failure. */
    private final TlsFailure failure;

    /**
     * Creates the exception.
     *
     * @param failure the kind of failure
     * @param message what went wrong, as one sentence
     * @param cause the provider's exception
     */
    public TlsHandshakeException(TlsFailure failure, String message, IOException cause) {
        super(message, cause);
        this.failure = failure;
    }

    /** {@return the kind of failure} */
    public TlsFailure failure() {
        return failure;
    }
}
