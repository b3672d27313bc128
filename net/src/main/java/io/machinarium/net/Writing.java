package io.machinarium.net;

import io.machinarium.core.ClosedException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.spi.Blocker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.FileRegion;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;

/**
 * An IO context's writes: a write goes straight into the Netty pipeline (the coroutine runs on the
 * channel's own loop, so nothing is handed over) and waits only while the channel is over its write-buffer
 * high-water mark — machinarium's write with backpressure.
 *
 * <p>Thread: the owning machine. Buffers: a message handed to {@link #queue} belongs to the pipeline from
 * then on, also when the write throws (it is released then).
 */
final class Writing {
    private final IoContext io;
    private final Channel channel;
    private Blocker writer;
    private long writerTicket;
    /** Bytes queued since the last flush: in the pipeline, not yet in the socket's flushed queue. */
    private long unflushed;

    Writing(IoContext io, Channel channel) {
        this.io = io;
        this.channel = channel;
    }

    /** Queues every buffer in order, then flushes once; buffers not queued when a wait throws are released. */
    void writev(Coroutine me, Duration timeout, ByteBuf... bufs) {
        int i = 0;
        try {
            for (; i < bufs.length; i++) {
                queue(me, bufs[i], timeout);
            }
        } finally {
            for (int k = i + 1; k < bufs.length; k++) {
                ReferenceCountUtil.release(bufs[k]);
            }
        }
        flush();
    }

    /** Queues a message, waiting first while the channel is over its mark. */
    void queue(Coroutine me, Object message, Duration timeout) {
        try {
            Blocker.throwIfCancelled("write");
            io.throwIfFailed("write");
            if (io.isClosing() || !channel.isActive()) {
                throw new ClosedException("write to " + io.remoteAddress() + " failed: the connection is closed");
            }
            if (channel instanceof DuplexChannel d && d.isOutputShutdown()) {
                throw new ClosedException("write to " + io.remoteAddress() + " failed: the output is shut");
            }
            awaitWritable(me, Blocker.deadline(timeout), timeout);
        } catch (RuntimeException e) {
            ReferenceCountUtil.release(message);
            throw e;
        }
        int size = message instanceof ByteBuf b ? b.readableBytes()
                : message instanceof ByteBufHolder h ? h.content().readableBytes() : 0;
        io.stats.written.add(size);
        unflushed += size;
        channel.write(message, channel.voidPromise());
        io.throwIfFailed("write");  // a layer that refused the write at once (TLS after its end) said so here
    }

    private void awaitWritable(Coroutine me, long deadline, Duration timeout) {
        if (channel.isWritable()) {
            return;
        }
        flush();
        while (!channel.isWritable()) {
            io.throwIfFailed("write");
            if (!channel.isActive()) {
                throw new ClosedException("write to " + io.remoteAddress() + " failed: the connection is closed");
            }
            long ticket = me.prepare(io);
            writer = me;
            writerTicket = ticket;
            Blocker.Outcome o = me.await(ticket, deadline);
            writer = null;
            o.orThrow("write to", io.remoteAddress(), "found no room", timeout);
        }
    }

    /** Waits until every byte written so far has been handed to the operating system. */
    void drain(Duration timeout) {
        NettyWaits.sync(flushed(), Blocker.deadline(timeout), timeout, "drain of " + io.remoteAddress());
    }

    /** Flushes what was queued. */
    void flush() {
        unflushed = 0;
        channel.flush();
    }

    /** Flushes what was queued. @return a future done once every byte written so far has left */
    ChannelFuture flushed() {
        unflushed = 0;
        return channel.writeAndFlush(Unpooled.EMPTY_BUFFER);
    }

    /**
     * Bytes written that the operating system has not taken: the flushed messages' readable bytes (which
     * shrink as a message is partly sent; Netty's own pending count drops only once a whole message has gone,
     * and adds a per-message overhead) and the bytes queued since the last flush.
     */
    long unsent() {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        if (out == null) {
            return 0;  // closed
        }
        long[] flushed = {0};
        try {
            out.forEachFlushedMessage(m -> {
                flushed[0] += m instanceof ByteBuf b ? b.readableBytes()
                        : m instanceof ByteBufHolder h ? h.content().readableBytes()
                        : m instanceof FileRegion f ? f.count() - f.transferred() : 0;
                return true;
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot count the unsent bytes of " + io, e);
        }
        return flushed[0] + unflushed;
    }

    /** Netty: room again, or the channel is gone: the waiting writer goes on. */
    void wakeWriter() {
        Blocker w = writer;
        if (w != null) {
            writer = null;
            w.wake(writerTicket);
        }
    }
}
