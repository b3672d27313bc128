package io.machinarium.samples.proxy;

import io.machinarium.net.IoContext;
import io.netty.channel.Channel;
import java.time.Duration;

/**
 * When a relay last moved a byte, in either direction, and so how long it may still wait before it counts
 * as idle. A byte moves when a read takes it from a peer, when a write finds room for it, and when bytes
 * queued for a peer leave towards its socket. The clock sees the last kind by looking, each time it is
 * asked, at the connections that the relay's directions are waiting to write to: a write that waits for
 * room moves nothing until that peer takes bytes, and a relay whose writes and reads all stand still for
 * the idle timeout has idled, however long a write has been pending.
 *
 * <p>Netty's count of queued bytes drops when a whole queued buffer has left (the relay queues at most
 * {@link Relay#MAX_WRITE} bytes at a time), so a peer that takes less than one such buffer within the
 * idle timeout counts as idle.
 *
 * <p>Machine-confined, like the relay: both directions run on one machine.
 */
final class IdleClock {
    private final long idleNanos;
    private final Channel[] waitingOn = new Channel[2];
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
        Channel ch = to.channel();
        waitingOn[direction] = ch;
        queuedAtLook[direction] = queued(ch);
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
            Channel ch = waitingOn[d];
            if (ch != null) {
                long q = queued(ch);
                if (q < queuedAtLook[d]) {
                    moved();
                }
                queuedAtLook[d] = q;
            }
        }
        return lastMoved + idleNanos - System.nanoTime();
    }

    /**
     * A figure that rises and falls with the bytes queued on a channel, from Netty's public writability
     * counts: of the two, only one is non-zero at a time, the first growing with the queue while over the
     * high-water mark, the second shrinking as it grows while under it.
     */
    private static long queued(Channel ch) {
        return ch.bytesBeforeWritable() - ch.bytesBeforeUnwritable();
    }
}
