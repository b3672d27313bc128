package io.machinarium.tls;

import io.machinarium.core.ClosedException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import javax.net.ssl.SSLEngine;

/**
 * What happens to this side's output when the peer ends its TLS output (close_notify), so that no byte is
 * lost without someone knowing.
 *
 * <p>TLS 1.3 lets each side close its own direction: with the JDK provider the peer's close_notify ends
 * only reading, and writing goes on (a real half-close). TLS 1.2 (RFC 5246 §7.2.1) closes both directions
 * on a close_notify, and so does Netty's OpenSSL engine on any version: the engine answers with its own
 * close_notify at once and refuses every later write. Without this guard such a write vanished — Netty
 * drops the failure of a write made without a listener — and the peer, seeing a clean close_notify,
 * took a cut-short stream for a complete one.
 *
 * <p>So, between the peer's close_notify and this side's close:
 * <ul>
 *   <li>the engine's answering close_notify is held back (the {@link Reply} handler, next to the socket);
 *   <li>a write the engine can no longer send fails at once with {@link ClosedException} saying why (the
 *       {@link Writes} handler, next to the application), and the connection is reset, so the peer sees
 *       a broken connection instead of a clean end;
 *   <li>if nothing was refused, the held close_notify goes out when this side shuts its output or closes:
 *       the peer sees the clean end it asked for.
 * </ul>
 * The peer's close_notify also counts as the end of input for the IO context, even if no FIN follows.
 *
 * <p>Thread: all on the channel's event loop. Buffers: the held close_notify is owned here until it is
 * written or released (on a reset or when the handler is removed).
 */
final class PeerCloseGuard {
    static final String WRITES = "machinarium-tls-writes";
    static final String REPLY = "machinarium-tls-reply";

    private final SslHandler ssl;
    private final SSLEngine engine;
    private boolean closingOurselves;
    private boolean refused;
    private ByteBuf held;
    private ChannelPromise heldPromise;
    private ChannelHandlerContext replyCtx;

    private PeerCloseGuard(SslHandler ssl) {
        this.ssl = ssl;
        this.engine = ssl.engine();
    }

    /** A guard around {@code ssl}: its two handlers go right in front of and right behind it. */
    static PeerCloseGuard around(SslHandler ssl) {
        return new PeerCloseGuard(ssl);
    }

    /** {@return the handler that goes in front of the TLS handler (the socket side)} */
    io.netty.channel.ChannelHandler socketSide() {
        return new Reply();
    }

    /** {@return the handler that goes behind the TLS handler (the application side)} */
    io.netty.channel.ChannelHandler applicationSide() {
        return new Writes();
    }

    /** This side ends its output (the TLS layer's end of output): its close_notify, or the held answer, goes out. */
    ChannelFuture shutdownOutput() {
        closingOurselves = true;
        releaseHeld();
        return ssl.closeOutbound();
    }

    /** Whether the engine closed its output because the peer's close_notify made it. */
    private boolean closedByPeer() {
        return !closingOurselves && engine.isInboundDone() && engine.isOutboundDone();
    }

    private void releaseHeld() {
        if (held != null && replyCtx != null) {
            ByteBuf b = held;
            held = null;
            replyCtx.write(b, heldPromise);
            replyCtx.flush();
        }
    }

    private void dropHeld() {
        if (held != null) {
            ByteBuf b = held;
            held = null;
            b.release();
            heldPromise.tryFailure(new ClosedException("the TLS connection was reset"));
        }
    }

    /** Next to the application: refuses what the engine can no longer send, loudly. */
    private final class Writes extends ChannelDuplexHandler {
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof ByteBuf b && b.isReadable() && (refused || engine.isOutboundDone())) {
                int n = b.readableBytes();
                ReferenceCountUtil.release(msg);
                String why;
                if (closingOurselves) {
                    why = "this side has shut its TLS output";
                } else {
                    why = "the peer ended the TLS session (close_notify) and this session closes both directions on"
                            + " that (" + engine.getSession().getProtocol() + " with this provider; only TLS 1.3"
                            + " with the JDK provider keeps writing); the connection is reset so that the peer"
                            + " sees the loss";
                    refused = true;
                    lingerZero(ctx.channel());  // first: dropping the held close_notify may close the channel
                    dropHeld();
                }
                // a void promise passes this to exceptionCaught, where the IO context records it and closes
                promise.setFailure(new ClosedException(n + " bytes were not sent: " + why));
                if (refused) {
                    ctx.channel().close();
                }
                return;
            }
            ctx.write(msg, promise);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            ctx.fireUserEventTriggered(evt);
            if (evt == SslCloseCompletionEvent.SUCCESS) {
                // the peer's close_notify ends reading even if its FIN is late or never comes
                ctx.fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
            }
        }
    }

    /** Next to the socket: holds the engine's answering close_notify until this side ends or resets. */
    private final class Reply extends ChannelOutboundHandlerAdapter {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            replyCtx = ctx;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof ByteBuf b && b.isReadable() && closedByPeer()) {
                if (refused) {
                    b.release();
                    promise.trySuccess();
                } else if (held == null) {
                    held = b;
                    heldPromise = promise;
                } else {
                    held = ctx.alloc().compositeBuffer().addComponents(true, held, b);
                    promise.trySuccess();
                }
                return;
            }
            ctx.write(msg, promise);
        }

        @Override
        public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
            if (!refused) {
                releaseHeld();
            }
            dropHeld();
            ctx.close(promise);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            dropHeld();
            replyCtx = null;
        }
    }

    /** Makes the coming close a reset (RST). */
    private static void lingerZero(Channel ch) {
        if (ch instanceof SocketChannel && ch.isOpen()) {
            try {
                ch.config().setOption(ChannelOption.SO_LINGER, 0);
            } catch (RuntimeException e) {
                // closed meanwhile
            }
        }
    }
}
