package io.machinarium.core;

import java.io.IOException;

/**
 * An input/output operation failed; the operating system's error is kept as the {@link IOException} cause.
 *
 * @since 0.1.0
 */
public class IoFailedException extends MachinariumException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which operation failed, as one sentence
     * @param cause the underlying IO failure
     */
    public IoFailedException(String message, IOException cause) {
        super(message, cause);
    }

    @Override
    public synchronized IOException getCause() {
        return (IOException) super.getCause();
    }
}
