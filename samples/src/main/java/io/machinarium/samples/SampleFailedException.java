package io.machinarium.samples;

/**
 * A sample could not start (an address in use, an unreadable certificate): {@code bin/sample} prints the
 * message as one line on stderr and exits 1.
 */
public final class SampleFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the failure.
     *
     * @param message the one line a user sees
     * @param cause what went wrong underneath, or null
     */
    public SampleFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
