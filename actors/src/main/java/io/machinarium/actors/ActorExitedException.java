package io.machinarium.actors;

import io.machinarium.core.MachinariumException;

/**
 * A request could not be answered because the actor exited (or was not running) first.
 *
 * @since 0.1.0
 */
public class ActorExitedException extends MachinariumException {
    private static final long serialVersionUID = 1L;
    private final transient ExitReason reason;

    /**
     * Creates the exception.
     *
     * @param message which request and which actor, one sentence
     * @param reason why the actor exited; its cause becomes this exception's cause
     */
    public ActorExitedException(String message, ExitReason reason) {
        super(message, reason.cause());
        this.reason = reason;
    }

    /**
     * Why the actor exited.
     *
     * @return the reason
     */
    public ExitReason reason() {
        return reason;
    }
}
