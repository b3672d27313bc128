package io.machinarium.core;

/**
 * Root of every exception Machinarium throws. It is unchecked because coroutine bodies are lambdas:
 * a checked exception would have to be caught at every call site.
 *
 * <p>The subclasses name one failure each: {@link CancelledException}, {@link TimedOutException},
 * {@link ClosedException}, {@link IoFailedException}, {@link RejectedException},
 * {@link MisuseException}, {@link CoroutineFailedException} and {@link OffloadFailedException}.
 *
 * @since 0.1.0
 */
public class MachinariumException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong, as one sentence
     */
    public MachinariumException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the failure that caused it.
     *
     * @param message what went wrong, as one sentence
     * @param cause the underlying failure, kept for the stack trace
     */
    public MachinariumException(String message, Throwable cause) {
        super(message, cause);
    }
}
