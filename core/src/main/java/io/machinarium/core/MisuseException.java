package io.machinarium.core;

/**
 * The program used Machinarium in a way that can never work: a coroutine-only call from a plain
 * thread, a suspension the JVM refused (the coroutine was pinned), a machine-confined object touched
 * from another thread, or a JVM started without the flag coroutines need. The message says what to
 * change.
 *
 * @since 0.1.0
 */
public class MisuseException extends MachinariumException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was misused and how to fix it, as one sentence
     */
    public MisuseException(String message) {
        super(message);
    }
}
