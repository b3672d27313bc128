package io.machinarium.net.server;

import io.machinarium.net.IoContext;

/**
 * What a {@link Server} runs for each connection: plain blocking code in the connection's own coroutine on a
 * worker machine.
 *
 * <pre>{@code
 * ConnectionHandler echo = io -> {
 *     for (ByteBuf b = io.readSome(null); b != null; b = io.readSome(null)) {
 *         io.write(b);                     // the write owns and releases the buffer
 *     }
 * };
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ConnectionHandler {
    /**
     * Serves one connection until it is done; blocks the calling coroutine as long as it likes. The server
     * closes the connection when this returns or throws ({@link IoContext#close()}: written bytes are sent
     * first). A {@link io.machinarium.core.MachinariumException} — the peer went away, a timeout, the
     * cancellation that ends a connection still open when a shutdown's grace is over — ends the connection
     * quietly; anything else is reported to {@link ServerEvents#connectionFailed} and ends only this
     * connection, never the server or its other connections.
     *
     * @param connection the connection, attached to the calling coroutine's machine; the server closes it
     */
    void serve(IoContext connection);
}
