package io.machinarium.samples.pooler;

import io.machinarium.core.TimedOutException;
import io.machinarium.net.IoContext;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One logged-in connection to the PostgreSQL server: its IO context, the key the server gave it for
 * {@code CancelRequest}s, the run-time parameters it reported ({@code ParameterStatus}), and the transaction
 * status of its last {@code ReadyForQuery}. Machine-confined like its context, except {@link #pid()} and
 * {@link #secret()}, which any thread may read (a cancel request arrives on any machine).
 */
final class ServerConnection {
    /** How long a connection must have been idle before {@link #healthy} looks for the end of its input. */
    static final long PROBE_AFTER_NANOS = 100_000_000L;

    private final IoContext io;
    private final Pool pool;
    private final int pid;
    private final int secret;
    private final Map<String, String> params;
    private final boolean poolable;
    private char status = 'I';
    private long idleSince;

    /**
     * @param io the connection, logged in and ready for a query
     * @param pool the pool it belongs to
     * @param pid the server process id from {@code BackendKeyData}
     * @param secret the secret from {@code BackendKeyData}
     * @param params the parameters the server reported at login
     * @param poolable false if the server took a password from the client itself: no other client may use it
     */
    ServerConnection(IoContext io, Pool pool, int pid, int secret, Map<String, String> params, boolean poolable) {
        this.io = io;
        this.pool = pool;
        this.pid = pid;
        this.secret = secret;
        this.params = new HashMap<>(params);
        this.poolable = poolable;
    }

    IoContext io() {
        return io;
    }

    Pool pool() {
        return pool;
    }

    int pid() {
        return pid;
    }

    int secret() {
        return secret;
    }

    /** {@return the parameters as the server reported them last (the relay keeps them up to date)} */
    Map<String, String> params() {
        return params;
    }

    boolean poolable() {
        return poolable;
    }

    /** {@return the status of the last ReadyForQuery: {@code I} idle, {@code T} in a transaction, {@code E} failed} */
    char status() {
        return status;
    }

    void status(char s) {
        status = s;
    }

    long idleSince() {
        return idleSince;
    }

    void idleSince(long nanos) {
        idleSince = nanos;
    }

    /**
     * Whether an idle connection is still usable: open, and the server sent nothing while it was idle (a server
     * that shuts down or restarts sends a {@code FATAL} message and closes). A connection idle for longer than
     * {@link #PROBE_AFTER_NANOS} is also asked whether its input ended (a server that crashed only closes):
     * a read that does not wait. Never blocks.
     *
     * @param now {@link System#nanoTime()}
     * @return true if it can take the next query
     */
    boolean healthy(long now) {
        if (!io.isOpen() || io.pending() > 0) {
            return false;
        }
        if (now - idleSince < PROBE_AFTER_NANOS) {
            return true;  // handed on within moments of its last ReadyForQuery: a probe would cost more than it finds
        }
        try {
            ByteBuf b = io.readSome(Duration.ZERO);
            if (b != null) {
                b.release();
            }
            return false;  // unsolicited bytes, or the end of the server's input
        } catch (TimedOutException e) {
            return true;
        }
    }

    /** Closes the connection, telling the server with a {@code Terminate} if it is still there. Never throws. */
    void close() {
        try {
            if (io.isOpen()) {
                io.write(Wire.terminate());
            }
        } catch (RuntimeException e) {
            // gone already
        }
        try {
            io.close();
        } catch (RuntimeException e) {
            // gone already
        }
    }

    @Override
    public String toString() {
        return "server connection pid " + pid + " (" + status + ")";
    }
}
