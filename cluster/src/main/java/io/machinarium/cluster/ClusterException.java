package io.machinarium.cluster;

import io.machinarium.core.MachinariumException;

/**
 * A cluster operation failed: joining (no server reachable, credentials refused), or a call to JetStream
 * (the registry, durable state) that the servers did not answer. The cause is jnats's exception.
 *
 * @since 0.1.0
 */
public class ClusterException extends MachinariumException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what failed, one sentence
     * @param cause jnats's failure
     */
    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
