package io.machinarium.core;

/**
 * Thrown by {@link Coroutine#join()} when the joined coroutine ended with an exception, which is the cause.
 *
 * @since 0.1.0
 */
public class CoroutineFailedException extends MachinariumException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which coroutine failed, as one sentence
     * @param cause what the coroutine threw
     */
    public CoroutineFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
