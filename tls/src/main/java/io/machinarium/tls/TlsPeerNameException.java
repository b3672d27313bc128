package io.machinarium.tls;

import io.machinarium.core.MachinariumException;

/**
 * Thrown by {@link TlsSession#verifyPeerName(String)}: the peer's certificate does not name the expected peer.
 *
 * @since 0.1.0
 */
public class TlsPeerNameException extends MachinariumException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the expected name and what the certificate holds, as one sentence
     */
    public TlsPeerNameException(String message) {
        super(message);
    }
}
