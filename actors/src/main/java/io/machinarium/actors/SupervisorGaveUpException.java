package io.machinarium.actors;

import io.machinarium.core.MachinariumException;

/**
 * The crash reason of a supervisor whose children needed more restarts than its intensity allows: it
 * stopped its children and exited, so that its own supervisor (if any) handles the failure.
 *
 * @since 0.1.0
 */
public class SupervisorGaveUpException extends MachinariumException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the supervisor, the limit and the last child failure, one sentence
     * @param cause the last child's failure, if it had one
     */
    public SupervisorGaveUpException(String message, Throwable cause) {
        super(message, cause);
    }
}
