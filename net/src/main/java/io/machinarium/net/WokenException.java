package io.machinarium.net;

import io.machinarium.core.MachinariumException;

/**
 * A blocking accept or read was woken up on purpose by {@link Listener#wakeUp()} or
 * {@link IoContext#wakeUp()} — machinarium's eventfd wake-up, the way Odyssey stops its accept loop. Unlike
 * a cancellation it is not sticky: the coroutine goes on, and its next call blocks as usual. Nothing is lost
 * by it: connections queued on the listener and bytes or objects buffered on the context stay there.
 *
 * @since 0.1.0
 */
public class WokenException extends MachinariumException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which call was woken, as one sentence
     */
    public WokenException(String message) {
        super(message);
    }
}
