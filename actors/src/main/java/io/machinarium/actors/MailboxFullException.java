package io.machinarium.actors;

import io.machinarium.core.RejectedException;

/**
 * A bounded mailbox with {@link Overflow#REJECT} was full: the message was not taken and the sender
 * still owns it.
 *
 * @since 0.1.0
 */
public class MailboxFullException extends RejectedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which actor refused and its capacity, one sentence
     */
    public MailboxFullException(String message) {
        super(message);
    }
}
