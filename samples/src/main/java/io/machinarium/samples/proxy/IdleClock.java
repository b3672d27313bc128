package io.machinarium.samples.proxy;

import io.machinarium.net.IoContext;
import java.time.Duration;

/**
 * When a relay last moved a byte, in either direction, and so how long it may still wait before it counts
 * as idle. A byte moves when a read takes it from a peer, when a write finds room for it, and when bytes
 * queued for a peer leave towards its socket. The clock sees the last kind by looking, each time it is
 * asked, at the connections that the relay's directions are waiting to write to: a write that waits for
 * room moves nothing until that peer takes bytes, and a relay whose writes and reads all stand still for
 * the idle timeout has idled, however long a write has been pending.
 *
 * <p>Bytes leaving are seen in {@link IoContext#unsent()}, which drops as the peer takes bytes, also part of
 * a buffer: a peer that takes any byte within the idle timeout keeps the relay alive.
 *
 * <p>Machine-confined, like the relay: both directions run on one machine.
 */
final class IdleClock {
    private final long idleNanos;
    private final IoContext[] waitingOn = new IoContext[2];
    private final long[] queuedAtLook = new long[2];
    private long lastMoved = System.nanoTime();

    /**
     * Starts the clock: the relay counts as active now.
     *
     * @param idle how long the relay may move no byte; zero for no limit
     */
    IdleClock(Duration idle) {
        this.idleNanos = idle.toNanos();
    }

    /** @return whether there is an idle timeout at all */
    boolean enabled() {
        return idleNanos > 0;
    }

    /** Notes that a byte moved just now. */
    void moved() {
        lastMoved = System.nanoTime();
    }

    /**
     * Notes that a direction is about to wait to write to a connection, so that bytes leaving it meanwhile
     * count as movement.
     *
     * @param direction the direction's index, 0 or 1
     * @param to the connection it writes to
     */
    void waitingToWrite(int direction, IoContext to) {
        waitingOn[direction] = to;
        queuedAtLook[direction] = to.unsent();
    }

    /**
     * Notes that a direction no longer waits to write.
     *
     * @param direction the direction's index, 0 or 1
     */
    void doneWriting(int direction) {
        waitingOn[direction] = null;
    }

    /**
     * How long the relay may still wait for a byte to move; first credits bytes that left a waited-on
     * connection since the last look.
     *
     * @return nanoseconds left, zero or less once the relay has idled for the whole timeout
     */
    long left() {
        for (int d = 0; d < waitingOn.length; d++) {
            IoContext to = waitingOn[d];
            if (to != null) {
                long q = to.unsent();
                if (q < queuedAtLook[d]) {
                    moved();
                }
                queuedAtLook[d] = q;
            }
        }
        return lastMoved + idleNanos - System.nanoTime();
    }
}
