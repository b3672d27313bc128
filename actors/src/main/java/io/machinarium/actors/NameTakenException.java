package io.machinarium.actors;

import io.machinarium.core.RejectedException;

/**
 * A name was asked for in the registry while a live actor holds it.
 *
 * @since 0.1.0
 */
public class NameTakenException extends RejectedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the name and its holder, one sentence
     */
    public NameTakenException(String message) {
        super(message);
    }
}
