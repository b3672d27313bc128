package io.machinarium.cluster;

/**
 * A conditional write of a {@link DurableMap} found the key changed since it was read (or, for a create,
 * already set): read it again and decide anew.
 *
 * @since 0.1.0
 */
public final class RevisionConflictException extends ClusterException {
    private static final long serialVersionUID = 1L;

    RevisionConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
