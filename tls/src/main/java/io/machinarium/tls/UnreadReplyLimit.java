package io.machinarium.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;

/**
 * Bounds what a peer that sends but does not read can make this side hold: the TLS engine's own replies
 * to what the peer sends — a KeyUpdate answering each of its KeyUpdate requests, alerts, handshake
 * messages — wait in memory while the peer leaves them unread, and a peer that keeps sending makes more.
 * Measured with the JDK provider: a TLS 1.3 client sending KeyUpdate requests and never reading made the
 * server queue one 43-byte answer in a 16 KiB buffer per request, tens of megabytes after a few seconds,
 * with no end. (BoringSSL ends such a connection itself after a few dozen KeyUpdates.) Application writes
 * are not counted here: they wait at the write-buffer high-water mark ({@link io.machinarium.net.IoOptions#writeHigh()}).
 *
 * <p>The bound: the replies written while the peer's bytes are being processed, and not yet handed to the
 * socket, may hold at most {@link #limitFor(Channel) the write-buffer high-water mark, or 64 KiB if that is
 * less}, counted as Netty counts its outbound buffer: the bytes plus 96 per message. A small reply is first
 * copied out of the record-sized buffer the engine wrote it into, so that the count is the memory held. The
 * 64 KiB floor keeps a small water mark from failing an ordinary handshake. A reply that would pass the
 * bound is not queued: an
 * {@link IOException} saying why reaches the IO context (its next read or write fails with
 * {@link io.machinarium.core.IoFailedException}) and the connection is closed.
 *
 * <p>Sits next to the socket, on both sides of a connection. Thread: the channel's event loop. Buffers: a
 * reply passes on to the socket, or is released here when refused.
 */
final class UnreadReplyLimit extends ChannelDuplexHandler {
    static final String NAME = "machinarium-tls-reply-limit";
    /** Netty's outbound buffer keeps about this much per queued message (its default entry overhead). */
    private static final int PER_MESSAGE = 96;
    private static final int FLOOR = 64 * 1024;

    private final long limit;
    private long unsent;
    private boolean inPeerInput;
    private boolean refused;

    UnreadReplyLimit(long limit) {
        this.limit = limit;
    }

    /** {@return the bound for a channel: its write-buffer high-water mark, but at least 64 KiB} */
    static long limitFor(Channel ch) {
        return limitFor(ch.config().getWriteBufferHighWaterMark());
    }

    /** The bound for a connection whose write-buffer high-water mark is {@code highWater}. */
    static long limitFor(int highWater) {
        return Math.max(highWater, FLOOR);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        boolean outer = inPeerInput;
        inPeerInput = true;
        try {
            ctx.fireChannelRead(msg);
        } finally {
            inPeerInput = outer;
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        boolean outer = inPeerInput;
        inPeerInput = true;
        try {
            ctx.fireChannelReadComplete();
        } finally {
            inPeerInput = outer;
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            if (!promise.isVoid()) {
                promise.tryFailure(new IOException("the connection is closing: its peer did not read TLS's replies"));
            }
            return;
        }
        if (!inPeerInput) {
            ctx.write(msg, promise);  // the application's (bounded by the water mark), or this side's close_notify
            return;
        }
        Object reply = compact(ctx, msg);
        long held = held(reply);
        if (unsent + held <= limit) {
            unsent += held;
            ChannelPromise tracked = promise.unvoid();
            tracked.addListener(f -> unsent -= held);
            ctx.write(reply, tracked);
            return;
        }
        ReferenceCountUtil.release(reply);
        refused = true;
        IOException e = new IOException("the peer keeps sending but does not read what this side sends: TLS's own"
                + " replies to it (such as KeyUpdate answers) would hold " + (unsent + held) + " bytes unsent, over"
                + " the limit of " + limit + " bytes (the write-buffer high-water mark, at least 64 KiB); the"
                + " connection is closed");
        ctx.fireExceptionCaught(e);  // the IO context records it for its reader and writer, and closes
        ctx.close();
        if (!promise.isVoid()) {
            promise.tryFailure(e);
        }
    }

    /**
     * Moves a small reply out of a big buffer: the engine writes each reply into a buffer sized for a whole
     * record (16 KiB for a 43-byte KeyUpdate answer, measured), and while it waits that buffer is what it holds.
     */
    private static Object compact(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b && b.capacity() > 2 * b.readableBytes() + PER_MESSAGE) {
            ByteBuf fit = ctx.alloc().buffer(b.readableBytes()).writeBytes(b);
            b.release();
            return fit;
        }
        return msg;
    }

    /** What a queued reply holds: its bytes, plus Netty's bookkeeping for the message. */
    private static long held(Object msg) {
        if (msg instanceof ByteBuf b) {
            return b.readableBytes() + PER_MESSAGE;
        }
        if (msg instanceof ByteBufHolder h) {
            return h.content().readableBytes() + PER_MESSAGE;
        }
        return PER_MESSAGE;
    }
}
