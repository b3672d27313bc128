package io.machinarium.core;

/**
 * A request was refused without being carried out: a full queue or channel, a stopped machine, a
 * saturated offload pool. Nothing was taken over: the caller still owns what it tried to hand in.
 *
 * @since 0.1.0
 */
public class RejectedException extends MachinariumException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was refused and why, as one sentence
     */
    public RejectedException(String message) {
        super(message);
    }
}
