package io.machinarium.net.server;

import io.machinarium.core.IoFailedException;
import java.net.SocketAddress;
import org.slf4j.LoggerFactory;

/**
 * What a {@link Server} tells about the moments a program may want to log or count: a run of accept errors
 * and its end, a connection refused over the limit, a handler that failed. Every method has a default, which
 * logs through SLF4J (logger {@code io.machinarium.net.server.Server}); override those you want to handle
 * yourself. An exception thrown by a method is logged and otherwise ignored: it never stops accepting or
 * ends a connection.
 *
 * <pre>{@code
 * ServerEvents events = new ServerEvents() {
 *     @Override
 *     public void overLimit(String listener, SocketAddress peer, long limit) {
 *         metrics.refused.increment();
 *     }
 * };
 * }</pre>
 *
 * <p>Threads: the accept events run on the acceptor machine, inside its accept coroutines, and must not block
 * (the listener accepts nothing meanwhile); {@link #connectionFailed} runs on the connection's worker machine.
 * @since 0.1.0
 */
public interface ServerEvents {
    /**
     * Accepting failed, for the first time in a run of errors (EMFILE: too many open files, say). The listener
     * pauses and retries by itself; later errors of the same run are counted, not told.
     *
     * @param listener the listener's name
     * @param address the address it listens on
     * @param error the first error of the run; its cause is the operating system's
     */
    default void acceptFailed(String listener, SocketAddress address, IoFailedException error) {
        LoggerFactory.getLogger(Server.class).warn("accept {} on {}: {}; accepting goes on", listener, address,
                error.getMessage());
    }

    /**
     * A listener accepted a connection again after a run of accept errors.
     *
     * @param listener the listener's name
     * @param address the address it listens on
     * @param acceptErrors accept errors since the listener was bound, each retry counted
     */
    default void acceptingAgain(String listener, SocketAddress address, long acceptErrors) {
        LoggerFactory.getLogger(Server.class).info("accept {} on {}: accepting again ({} accept error(s) since start)",
                listener, address, acceptErrors);
    }

    /**
     * A connection arrived while the server held as many as its limit: it was closed at once, unserved.
     *
     * @param listener the listener's name
     * @param peer the peer's address
     * @param limit the server's connection limit
     */
    default void overLimit(String listener, SocketAddress peer, long limit) {
        LoggerFactory.getLogger(Server.class).debug("accept {}: {} refused, {} connection(s) open already", listener,
                peer, limit);
    }

    /**
     * A handler threw something other than a {@link io.machinarium.core.MachinariumException} (a bug, say);
     * only that connection ended.
     *
     * @param peer the peer's address
     * @param error what the handler threw
     */
    default void connectionFailed(SocketAddress peer, Throwable error) {
        LoggerFactory.getLogger(Server.class).warn("connection from {} failed", peer, error);
    }
}
