package io.machinarium.actors;

import io.machinarium.core.MachinariumException;

/**
 * What {@link Supervisor#startAndAwait} throws when a child fails to start: its spawn failed (e.g. its
 * name was taken), or it exited abnormally before it was running (a server's {@link ServerBehaviour#init}
 * threw). The child's failure is the cause; for a nested supervisor, the cause is this exception of the
 * nested one, down to the child that failed. It is also the crash reason of the supervisor, which stopped the
 * children it had started, last first, and exited without restarting anything.
 *
 * @since 0.1.0
 */
public class ChildFailedToStartException extends MachinariumException {
    private static final long serialVersionUID = 1L;
    /** The id of the child that failed to start (a serial field). */
    private final String childId;

    /**
     * Creates the exception.
     *
     * @param message the supervisor, the child and why, one sentence
     * @param childId the id of the child that failed to start
     * @param cause the child's failure, or null if its exit carried none (it was killed)
     */
    public ChildFailedToStartException(String message, String childId, Throwable cause) {
        super(message, cause);
        this.childId = childId;
    }

    /**
     * The id of the child that failed to start, within the supervisor that reports it.
     *
     * @return the id
     */
    public String childId() {
        return childId;
    }
}
