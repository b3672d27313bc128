package io.machinarium.samples.pooler;

import io.machinarium.core.CancelledException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.CoroutineFailedException;
import io.machinarium.core.Machine;
import io.machinarium.core.MachinariumException;
import io.machinarium.core.channel.LocalChannel;
import io.machinarium.net.IoContext;
import io.netty.buffer.ByteBuf;
import java.util.function.Supplier;

/**
 * The relay of one logged-in client: its messages to a server connection, the server's answers back, bytes
 * passed on as they come (whole messages are never assembled), with a {@link FrameScanner} on each stream to
 * follow where the messages begin. The calling coroutine reads the client; a second coroutine, started once
 * for the client's whole life, reads whichever server connection is linked (it waits for the next one in between:
 * profiled, spawning a reader per transaction cost a coroutine, its name and a scanner per transaction).
 *
 * <p>What the scanners follow: the client's {@code Terminate} (not passed on: the server connection outlives
 * the client), the queries and {@code Sync}s that each get one {@code ReadyForQuery}, an extended-protocol batch
 * begun but not yet synced; the server's {@code ReadyForQuery} and its transaction status, and its
 * {@code ParameterStatus}. In transaction mode the server connection goes back to the pool as soon as it is idle
 * — {@code ReadyForQuery 'I'}, no query outstanding, no batch begun, both streams between two messages — and the
 * client's next message takes one again, perhaps another. In session mode it stays until the client leaves.
 *
 * <p>When the client leaves, by {@code Terminate} or by closing, even mid-transaction: a server connection
 * that is between two messages with no query outstanding is rolled back (and in session mode reset,
 * {@link ServerReset}) and given back; any other is closed. Never is a connection handed on dirty.
 *
 * <p>Machine-confined: both coroutines run on the client's machine, so the state below needs no locks; only
 * {@link #server()} is read from other threads (to forward a cancel request).
 */
final class Link {
    private final IoContext client;
    private final PoolMode mode;
    private final Supplier<ServerConnection> acquire;
    private final PoolerMetrics metrics;
    private final FrameScanner clientScan = new FrameScanner(new ClientMessages());
    private volatile ServerConnection server;
    /** The server's stream: one scanner for all its connections, as each goes back only between two messages. */
    private final FrameScanner serverScan = new FrameScanner(new ServerMessages());
    /** From the client's coroutine to the relay: the server connection just linked. */
    private final LocalChannel<ServerConnection> linked = new LocalChannel<>();
    private Coroutine relay;
    private int outstanding;
    private boolean batchBegun;
    private boolean terminated;
    private boolean serverLost;

    /**
     * @param client the client, logged in
     * @param first the server connection linked from the start (session mode), or null
     * @param mode when the server connection goes back
     * @param acquire takes a server connection for the client (blocks; throws {@link PoolerException})
     * @param metrics where transactions, queries and bytes are counted
     */
    Link(IoContext client, ServerConnection first, PoolMode mode, Supplier<ServerConnection> acquire,
         PoolerMetrics metrics) {
        this.client = client;
        this.mode = mode;
        this.acquire = acquire;
        this.metrics = metrics;
        this.server = first;
    }

    /** {@return the server connection linked now (any thread), or null} */
    ServerConnection server() {
        return server;
    }

    /**
     * Relays until the client leaves (or its server connection is lost). Blocks the calling coroutine. Leaves
     * the client open (the caller closes it); gives back or closes the server connection.
     *
     * @throws PoolerException if no server connection could be had (the caller tells the client)
     * @throws ProtocolException if the client broke the protocol (a length that lies)
     * @throws CancelledException if the calling coroutine is cancelled (the pooler stops)
     */
    void run() {
        boolean clean = false;
        relay = Machine.current().spawn("server relay", this::relayServers);
        try {
            if (server != null) {
                hand(server);
            }
            for (;;) {
                ByteBuf chunk = client.readSome(null);
                if (chunk == null) {
                    break;  // the client closed, maybe mid-transaction
                }
                ByteBuf pass;
                try {
                    metrics.clientBytes(chunk.readableBytes());
                    pass = clientScan.scan(chunk);
                } finally {
                    chunk.release();
                }
                if (pass != null) {
                    if (server == null) {
                        link(pass);
                    }
                    server.io().write(pass);
                }
                if (clientScan.violation() != null) {
                    throw new ProtocolException(clientScan.violation());
                }
                if (terminated || serverLost) {
                    break;
                }
            }
            clean = true;
        } finally {
            unlink(clean);
        }
    }

    /** Takes a server connection for the bytes in hand (released if none can be had). */
    private void link(ByteBuf pending) {
        try {
            server = acquire.get();
        } catch (RuntimeException e) {
            pending.release();
            throw e;
        }
        hand(server);
    }

    /** Gives the relay the server connection to read: the relay lives as long as the client, not a transaction. */
    private void hand(ServerConnection s) {
        metrics.serverActive(1);
        linked.write(s);
    }

    /** The second coroutine: relays each server connection it is handed until it goes back or is lost. */
    private void relayServers() {
        try {
            for (;;) {
                if (!relayServer(linked.read())) {
                    return;
                }
            }
        } catch (CancelledException e) {
            // the client left: unlink decides what becomes of the connection
        }
    }

    /**
     * The server's bytes to the client until the connection is idle (transaction mode: given back, and true) or
     * lost (false).
     */
    private boolean relayServer(ServerConnection s) {
        try {
            for (;;) {
                ByteBuf chunk = s.io().readSome(null);
                if (chunk == null) {
                    lost(s);
                    return false;
                }
                ByteBuf pass;
                try {
                    metrics.serverBytes(chunk.readableBytes());
                    pass = serverScan.scan(chunk);
                } finally {
                    chunk.release();
                }
                if (pass != null) {
                    client.write(pass);
                }
                if (serverScan.violation() != null) {
                    lost(s);
                    return false;
                }
                if (mode == PoolMode.TRANSACTION && idle()) {
                    server = null;
                    metrics.serverActive(-1);
                    s.pool().give(s);
                    return true;
                }
            }
        } catch (CancelledException e) {
            throw e;
        } catch (MachinariumException e) {
            lost(s);
            return false;
        }
    }

    /** The server went away under the client: tell the client, and end the relay (the client is closed). */
    private void lost(ServerConnection s) {
        serverLost = true;
        metrics.error("server_lost");
        try {
            client.write(Wire.fatal(Wire.ADMIN_SHUTDOWN, "pooler: the server connection was lost"));
            client.close();
        } catch (MachinariumException e) {
            // the client is gone as well
        }
    }

    private boolean idle() {
        return server != null && server.status() == 'I' && outstanding == 0 && !batchBegun && clientScan.atBoundary()
                && serverScan.atBoundary();
    }

    /** The client is done: clean and give back the server connection, or close it. */
    private void unlink(boolean clientDone) {
        Coroutine r = relay;
        relay = null;
        r.cancel();
        try {
            r.join();
        } catch (CoroutineFailedException | CancelledException e) {
            serverLost = true;  // the relay may have been mid-message: the connection is not handed on
        }
        ServerConnection s = server;
        server = null;
        if (s == null) {
            return;
        }
        metrics.serverActive(-1);
        boolean quiet = clientDone && !serverLost && outstanding == 0 && !batchBegun && clientScan.atBoundary()
                && serverScan.atBoundary();
        if (quiet && ServerReset.clean(s, mode)) {
            s.pool().give(s);
        } else {
            if (!quiet) {
                metrics.error("server_dirty_closed");
            }
            s.pool().discard(s);
        }
    }

    /** What the client sends: queries and syncs counted, a batch followed, Terminate kept back. */
    private final class ClientMessages implements FrameScanner.Listener {
        @Override
        public boolean begin(byte type, int length) {
            switch (type) {
                case 'X' -> {
                    terminated = true;
                    return false;
                }
                case 'Q', 'S', 'F' -> {
                    outstanding++;
                    batchBegun = false;
                    if (type == 'Q') {
                        metrics.query();
                    }
                }
                case 'P', 'B', 'E', 'D', 'C', 'H' -> batchBegun = true;
                default -> { }  // COPY data, or what the server will refuse itself
            }
            return true;
        }

        @Override
        public boolean captures(byte type) {
            return false;
        }

        @Override
        public void complete(byte type, byte[] body) {
        }
    }

    /** What the server sends: ReadyForQuery ends a query or a sync; ParameterStatus updates the settings. */
    private final class ServerMessages implements FrameScanner.Listener {
        @Override
        public boolean begin(byte type, int length) {
            return true;
        }

        @Override
        public boolean captures(byte type) {
            return type == 'Z' || type == 'S';
        }

        @Override
        public void complete(byte type, byte[] body) {
            ServerConnection s = server;
            if (s == null) {
                return;
            }
            if (type == 'Z' && body.length == 1) {
                char before = s.status();
                s.status((char) body[0]);
                outstanding = Math.max(0, outstanding - 1);
                if (before != 'I' && body[0] == 'I') {
                    metrics.transaction();
                } else if (before == 'I' && body[0] == 'I') {
                    metrics.transaction();  // a statement outside a transaction block is one of its own
                }
            } else if (type == 'S') {
                String[] p = new Frame(type, body).parameter();
                if (p != null) {
                    s.params().put(p[0], p[1]);
                }
            }
        }
    }
}
