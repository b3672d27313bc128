package io.machinarium.tls;

import io.machinarium.net.IoContext;
import io.machinarium.net.StreamLayer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * TLS as a stream layer of an IO context ({@link StreamLayer}): the handlers {@link Tls#upgrade} puts in
 * place, from the socket inwards — the bound on what the engine may queue for a peer that does not read
 * ({@link UnreadReplyLimit}), on a server the refusal of renegotiation ({@link RenegotiationGuard}), the
 * guard that keeps a peer's close_notify from losing writes silently ({@link PeerCloseGuard}) on both sides
 * of Netty's {@link SslHandler}. Its end of output is close_notify; the peer's end of input during the
 * handshake ends the handshake (SslHandler would otherwise wait for the channel to close).
 *
 * <p>Thread: the owning machine, as for every layer.
 */
final class TlsLayer implements StreamLayer {
    private final IoContext io;
    private final SslHandler ssl;
    private final PeerCloseGuard guard;
    private final boolean server;
    private final long unreadLimit;

    TlsLayer(IoContext io, SslHandler ssl, boolean server, long unreadLimit) {
        this.io = io;
        this.ssl = ssl;
        this.guard = PeerCloseGuard.around(ssl);
        this.server = server;
        this.unreadLimit = unreadLimit;
    }

    /** {@return Netty's TLS handler of this connection} */
    SslHandler ssl() {
        return ssl;
    }

    @Override
    public List<ChannelHandler> handlers() {
        List<ChannelHandler> h = new ArrayList<>(5);
        h.add(new UnreadReplyLimit(unreadLimit));
        if (server) {
            h.add(new RenegotiationGuard());
        }
        h.add(guard.socketSide());
        h.add(ssl);
        h.add(guard.applicationSide());
        return h;
    }

    @Override
    public Future<?> endOfOutput() {
        return guard.shutdownOutput();
    }

    /**
     * The peer ended its output: during the handshake that fails it (closing makes SslHandler fail the
     * handshake as {@link TlsFailure#CLOSED}; it would wait for its whole timeout otherwise, and forever with
     * none); afterwards a half-close is ordinary.
     */
    @Override
    public void endOfInput() {
        if (!ssl.handshakeFuture().isDone()) {
            io.close();
        }
    }

    /** For the tests of the unread-reply bound, which look at the channel underneath. */
    static long limitFor(Channel ch) {
        return UnreadReplyLimit.limitFor(ch);
    }
}
