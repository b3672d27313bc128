package io.machinarium.core;

/**
 * A blocking call did not complete before its timeout. The call had no effect unless its Javadoc says otherwise.
 *
 * @since 0.1.0
 */
public class TimedOutException extends MachinariumException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which call timed out and after how long, as one sentence
     */
    public TimedOutException(String message) {
        super(message);
    }
}
