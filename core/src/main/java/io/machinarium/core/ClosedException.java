package io.machinarium.core;

/**
 * The object a call needs (a channel, a connection, a machine, a signal wait) was closed, or the peer closed it.
 *
 * @since 0.1.0
 */
public class ClosedException extends MachinariumException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was closed, as one sentence
     */
    public ClosedException(String message) {
        super(message);
    }
}
