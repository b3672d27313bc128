package io.machinarium.samples.proxy;

import io.machinarium.core.CancelledException;
import io.machinarium.core.ClosedException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.CoroutineFailedException;
import io.machinarium.core.Machine;
import io.machinarium.core.MachinariumException;
import io.machinarium.core.RejectedException;
import io.machinarium.core.TimedOutException;
import io.machinarium.net.IoContext;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Copies a client connection and a backend connection into each other, both ways at once, with one
 * coroutine per direction on the connections' machine. Each buffer read (from readahead: usually no
 * system call) goes to the other side's write in slices of at most {@link #MAX_WRITE} bytes, each of which
 * waits while that side is over its write-buffer high-water mark: a peer that stops reading holds at most
 * that mark plus one slice queued in the proxy. End of input on one side becomes a half-close
 * (shutdownOutput) of the other.
 *
 * <p>The relay ends when both directions are done; when either side is gone (a reset, an IO failure —
 * also while no coroutine waits on that side, because the other direction waits to write); or when no
 * byte moved either way for the idle timeout ({@link IdleClock}: a write that waits for room is not
 * activity). On a failure or an idle timeout both connections are closed at once rather than waiting for
 * queued bytes that a stuck peer would never take, and after a failure with a reset (RST), so that a peer
 * never mistakes a stream cut short for one that ended cleanly.
 *
 * <p>Machine-confined: both connections and both directions live on one machine, so the shared state
 * below needs no synchronisation.
 */
final class Relay {
    /**
     * The most one write queues: one socket read's worth (Netty's adaptive receive buffer grows to 64 KiB),
     * however much readahead a read returned.
     */
    static final int MAX_WRITE = 64 * 1024;

    private final IoContext client;
    private final IoContext backend;
    private final IdleClock clock;
    private final ProxyMetrics metrics;
    private final Coroutine[] directions = new Coroutine[2];
    private boolean over;
    private boolean idleExpired;
    private boolean failed;

    /**
     * Prepares a relay.
     *
     * @param client the client's connection, attached to the calling machine
     * @param backend the backend's connection, attached to the same machine
     * @param idle how long the connection may move no byte either way before it ends; zero for no limit
     * @param metrics where bytes and errors are counted
     */
    Relay(IoContext client, IoContext backend, Duration idle, ProxyMetrics metrics) {
        this.client = client;
        this.backend = backend;
        this.clock = new IdleClock(idle);
        this.metrics = metrics;
    }

    /** @return the client's connection; touch it only on its machine, or read its thread-safe state */
    IoContext client() {
        return client;
    }

    /** @return the backend's connection; touch it only on its machine, or read its thread-safe state */
    IoContext backend() {
        return backend;
    }

    /**
     * Relays until both directions are done, or one side is gone, or the idle timeout struck. Blocks the
     * calling coroutine. Closes the connections only when the relay failed or idled (at once, see the
     * class comment); otherwise the caller closes them.
     *
     * @throws CancelledException if the calling coroutine is cancelled (both directions are stopped)
     */
    void run() {
        clock.moved();
        Machine m = Machine.current();
        // Neither starts before this coroutine suspends in join, so both slots are set by then.
        directions[0] = m.spawn("relay to backend", () -> copy(client, backend, metrics.clientToBackend(), 0));
        directions[1] = m.spawn("relay to client", () -> copy(backend, client, metrics.backendToClient(), 1));
        watchForLoss(client);
        watchForLoss(backend);
        try {
            for (Coroutine d : directions) {
                d.join();
            }
        } catch (CoroutineFailedException e) {
            failed = true;
            throw new IllegalStateException("relay direction failed", e.getCause());
        } finally {
            over = true;
            for (Coroutine d : directions) {
                d.cancel();
            }
            if (failed || idleExpired) {
                closeNow(client, failed);
                closeNow(backend, failed);
            }
        }
        if (idleExpired) {
            metrics.error("idle_timeout");
        }
        if (failed) {
            metrics.error("relay_io");
        }
    }

    /**
     * While a direction waits to write to one side, no coroutine waits on its other side, so that side's
     * loss would go unseen: a connection closes on a reset or an IO failure (half-closes do not close it),
     * and {@link IoContext#onClose} tells it, on this machine; that close ends the relay.
     */
    private void watchForLoss(IoContext io) {
        io.onClose(() -> {
            if (!over) {
                failed = true;
                for (Coroutine d : directions) {
                    d.cancel();
                }
            }
        });
    }

    /**
     * Closes a connection without waiting for its queued bytes: {@link IoContext#close()} waits for them
     * only when called from a coroutine, so it runs as a task of the machine. Unsent bytes, or a failure,
     * make the close a reset.
     */
    private static void closeNow(IoContext io, boolean reset) {
        if (reset && io.isOpen()) {
            try {
                io.socket().lingerZero();
            } catch (RuntimeException e) {
                // closed meanwhile: there is nothing left to reset
            }
        }
        try {
            Machine.current().execute(io::close);
        } catch (RejectedException e) {
            // the machine is stopping: every coroutine is cancelled, and a cancelled close does not wait
        }
    }

    private void copy(IoContext from, IoContext to, LongAdder bytes, int direction) {
        try {
            for (ByteBuf b = next(from); b != null; b = next(from)) {
                bytes.add(b.readableBytes());
                send(to, b, direction);
            }
            endOutput(to, direction);
        } catch (IdleExpired e) {
            idleExpired = true;
            directions[1 - direction].cancel();
        } catch (CancelledException e) {
            // the other direction or the loss of a side ended the relay, or the proxy is stopping
        } catch (ClosedException e) {
            directions[1 - direction].cancel();  // a side went away: nothing more can be relayed
        } catch (MachinariumException e) {
            failed = true;
            directions[1 - direction].cancel();
        }
    }

    /** Reads what {@code from} has, or null at its end; throws IdleExpired once the relay idled too long. */
    private ByteBuf next(IoContext from) {
        if (!clock.enabled()) {
            return from.readSome(null);
        }
        for (;;) {
            long left = clock.left();
            if (left <= 0) {
                throw new IdleExpired();
            }
            try {
                ByteBuf b = from.readSome(Duration.ofNanos(left));
                clock.moved();
                return b;
            } catch (TimedOutException e) {
                // look again: the other direction may have moved bytes meanwhile
            }
        }
    }

    /** Writes a buffer in slices of at most MAX_WRITE bytes, each waiting for room; releases the buffer. */
    private void send(IoContext to, ByteBuf b, int direction) {
        try {
            while (b.isReadable()) {
                queue(to, b.readRetainedSlice(Math.min(MAX_WRITE, b.readableBytes())), direction);
            }
        } finally {
            b.release();
        }
        to.flush();
    }

    /** Queues one slice (owning it) once there is room, as long as the relay does not idle out meanwhile. */
    private void queue(IoContext to, ByteBuf slice, int direction) {
        if (!clock.enabled()) {
            to.queue(slice, null);
            return;
        }
        clock.waitingToWrite(direction, to);
        try {
            for (;;) {
                long left = clock.left();
                if (left <= 0) {
                    slice.release();
                    throw new IdleExpired();
                }
                slice.retain();  // the write releases one reference if it times out; this one keeps the bytes
                try {
                    to.queue(slice, Duration.ofNanos(left));
                } catch (TimedOutException e) {
                    continue;  // nothing was queued: look again whether anything moved meanwhile
                } catch (RuntimeException e) {
                    slice.release();
                    throw e;
                }
                slice.release();
                clock.moved();
                return;
            }
        } finally {
            clock.doneWriting(direction);
        }
    }

    /** Half-closes {@code to} once its queued bytes have left, as long as the relay does not idle out first. */
    private void endOutput(IoContext to, int direction) {
        if (!clock.enabled()) {
            to.shutdownOutput(null);
            return;
        }
        clock.waitingToWrite(direction, to);
        try {
            for (;;) {
                long left = clock.left();
                if (left <= 0) {
                    throw new IdleExpired();
                }
                try {
                    to.shutdownOutput(Duration.ofNanos(left));
                    return;
                } catch (TimedOutException e) {
                    // the bytes have not all left: look again whether anything moved meanwhile
                }
            }
        } finally {
            clock.doneWriting(direction);
        }
    }

    /** The idle timeout struck; carries no stack, it is control flow. */
    private static final class IdleExpired extends RuntimeException {
        private static final long serialVersionUID = 1L;

        IdleExpired() {
            super("idle", null, false, false);
        }
    }
}
