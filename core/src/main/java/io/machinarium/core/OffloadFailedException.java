package io.machinarium.core;

/**
 * Thrown by {@link Offload#call} when the offloaded task threw; the task's exception is the cause.
 *
 * @since 0.1.0
 */
public class OffloadFailedException extends MachinariumException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which task failed, as one sentence
     * @param cause what the task threw
     */
    public OffloadFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
