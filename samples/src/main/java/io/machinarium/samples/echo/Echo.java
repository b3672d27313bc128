package io.machinarium.samples.echo;

import io.machinarium.core.MachinariumException;
import io.machinarium.net.IoContext;
import io.machinarium.tls.Tls;
import io.machinarium.tls.TlsConfig;
import io.netty.buffer.ByteBuf;
import java.time.Duration;

/**
 * The echo service of one connection: every byte received is sent back, until the peer closes. A
 * {@link io.machinarium.net.server.ConnectionHandler} as {@code io -> Echo.serve(io, tls)}.
 */
public final class Echo {
    /** How long a client may take for its TLS handshake. */
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private Echo() {
    }

    /**
     * Echoes until the peer closes its side (the caller then closes the connection, after the last byte has
     * gone). Blocks the calling coroutine meanwhile. Each buffer read is handed straight to the write, which
     * owns and releases it.
     *
     * @param io an attached connection of the calling coroutine's machine; the caller closes it
     * @param tls a server TLS configuration to run the handshake with first, or null for plain bytes
     * @throws MachinariumException if the connection fails, the handshake fails, or the coroutine is
     *     cancelled
     */
    public static void serve(IoContext io, TlsConfig tls) {
        if (tls != null) {
            Tls.upgrade(io, tls, HANDSHAKE_TIMEOUT);
        }
        for (ByteBuf b = io.readSome(null); b != null; b = io.readSome(null)) {
            io.write(b);
        }
    }
}
