package io.machinarium.net;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The pending wake-up of a listener or an IO context: set from any thread, taken by the next blocking call
 * of the object's owner, which then throws {@link WokenException}. A wake-up given while no call blocks is
 * remembered, so that a loop told to stop between two calls still stops; two wake-ups before a call are
 * taken as one, like an eventfd read. Waking the call that already blocks is the owner's part: it runs a
 * task on its machine after {@link #give()}.
 *
 * <p>Thread safety: {@link #give()} from any thread; {@link #throwIfGiven} on the owner's machine.
 */
final class WakeUp {
    private final AtomicBoolean given = new AtomicBoolean();

    /** Leaves a wake-up for the next (or the blocked) call; any thread. */
    void give() {
        given.set(true);
    }

    /** {@return whether a wake-up waits to be taken (a snapshot)} */
    boolean isGiven() {
        return given.get();
    }

    /**
     * Takes a waiting wake-up, if any, by throwing.
     *
     * @param call the woken call, named in the message
     * @param where what it was on (an address), appended to {@code call} only if it throws
     * @throws WokenException if a wake-up was waiting (it is taken)
     */
    void throwIfGiven(String call, Object where) {
        if (given.get() && given.getAndSet(false)) {  // the message is made only then: this runs on every read
            throw new WokenException(call + where + " was woken up");
        }
    }
}
