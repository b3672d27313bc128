package io.machinarium.core;

/**
 * A blocking call ended because its coroutine was cancelled ({@link Coroutine#cancel()}) or, on a
 * plain thread, because the thread was interrupted (the interrupt flag is set again before this is
 * thrown).
 *
 * <p>Cancellation of a coroutine is sticky: every later blocking call of that coroutine throws this
 * exception too, until the coroutine finishes.
 *
 * @since 0.1.0
 */
public class CancelledException extends MachinariumException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which call was cancelled, as one sentence
     */
    public CancelledException(String message) {
        super(message);
    }
}
