package io.machinarium.samples.proxy;

import io.machinarium.core.CancelledException;
import io.machinarium.core.ClosedException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.CoroutineFailedException;
import io.machinarium.core.Machine;
import io.machinarium.core.MachinariumException;
import io.machinarium.core.TimedOutException;
import io.machinarium.net.IoContext;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Copies a client connection and a backend connection into each other, both ways at once, with one
 * coroutine per direction on the connections' machine. Each buffer read (from readahead: usually no
 * system call) goes straight to the other side's write, which owns it from then on: no copy, nothing to
 * release here. End of input on one side becomes a half-close (shutdownOutput) of the other; the relay
 * ends when both directions are done, when one fails, or when no byte moved either way for the idle
 * timeout. A failure on one side (a reset) resets the other side too when the caller closes it, so that
 * a peer never mistakes a stream cut short for one that ended cleanly.
 *
 * <p>Machine-confined: both connections and both directions live on one machine, so the shared state
 * below needs no synchronisation.
 */
final class Relay {
    private final IoContext client;
    private final IoContext backend;
    private final long idleNanos;
    private final ProxyMetrics metrics;
    private final Coroutine[] directions = new Coroutine[2];
    private long lastActivity;
    private int writing;
    private boolean idleExpired;
    private boolean failed;

    /**
     * Prepares a relay.
     *
     * @param client the client's connection, attached to the calling machine
     * @param backend the backend's connection, attached to the same machine
     * @param idle how long the connection may carry no byte before it ends; zero for no limit
     * @param metrics where bytes and errors are counted
     */
    Relay(IoContext client, IoContext backend, Duration idle, ProxyMetrics metrics) {
        this.client = client;
        this.backend = backend;
        this.idleNanos = idle.toNanos();
        this.metrics = metrics;
    }

    /**
     * Relays until both directions are done (or one failed, or the idle timeout struck). Blocks the
     * calling coroutine; does not close the connections (the caller does).
     *
     * @throws CancelledException if the calling coroutine is cancelled (both directions are stopped)
     */
    void run() {
        lastActivity = System.nanoTime();
        Machine m = Machine.current();
        // Neither starts before this coroutine suspends in join, so both slots are set by then.
        directions[0] = m.spawn("relay to backend", () -> copy(client, backend, metrics.clientToBackend(), 1));
        directions[1] = m.spawn("relay to client", () -> copy(backend, client, metrics.backendToClient(), 0));
        try {
            for (Coroutine d : directions) {
                d.join();
            }
        } catch (CoroutineFailedException e) {
            throw new IllegalStateException("relay direction failed", e.getCause());
        } finally {
            for (Coroutine d : directions) {
                d.cancel();
            }
        }
        if (idleExpired) {
            metrics.error("idle_timeout");
        }
        if (failed) {
            resetOnClose(client);
            resetOnClose(backend);
        }
    }

    /** Makes the caller's close of a connection still open a reset (RST) rather than a clean FIN. */
    private static void resetOnClose(IoContext io) {
        if (io.isOpen()) {
            try {
                io.socket().lingerZero();
            } catch (RuntimeException e) {
                // closed meanwhile: there is nothing left to reset
            }
        }
    }

    private void copy(IoContext from, IoContext to, LongAdder bytes, int other) {
        try {
            for (ByteBuf b = next(from); b != null; b = next(from)) {
                bytes.add(b.readableBytes());
                writing++;
                try {
                    to.write(b);
                } finally {
                    writing--;
                    lastActivity = System.nanoTime();
                }
            }
            writing++;  // the half-close waits for the written bytes to leave, as long as the peer reads
            try {
                to.shutdownOutput(null);
            } finally {
                writing--;
            }
        } catch (IdleExpired e) {
            idleExpired = true;
            directions[other].cancel();
        } catch (CancelledException e) {
            // the other direction failed, or the proxy is stopping
        } catch (ClosedException e) {
            directions[other].cancel();  // a peer went away: nothing more can be relayed
        } catch (MachinariumException e) {
            metrics.error("relay_io");
            failed = true;
            directions[other].cancel();
        }
    }

    /** Reads what {@code from} has, or null at its end; throws IdleExpired once the connection idled too long. */
    private ByteBuf next(IoContext from) {
        if (idleNanos == 0) {
            return from.readSome(null);
        }
        for (;;) {
            long now = System.nanoTime();
            if (writing > 0) {
                lastActivity = now;  // the other direction is busy writing: not idle
            }
            long left = lastActivity + idleNanos - now;
            if (left <= 0) {
                throw new IdleExpired();
            }
            try {
                ByteBuf b = from.readSome(Duration.ofNanos(left));
                lastActivity = System.nanoTime();
                return b;
            } catch (TimedOutException e) {
                // look again: the other direction may have moved bytes meanwhile
            }
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
