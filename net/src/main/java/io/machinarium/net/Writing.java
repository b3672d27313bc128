package io.machinarium.net;

import io.machinarium.core.Blocker;
import io.machinarium.core.CancelledException;
import io.machinarium.core.ClosedException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.TimedOutException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
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

    Writing(IoContext io, Channel channel) {
        this.io = io;
        this.channel = channel;
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
        if (message instanceof ByteBuf b) {
            io.stats.written.add(b.readableBytes());
        } else if (message instanceof ByteBufHolder h) {
            io.stats.written.add(h.content().readableBytes());
        }
        channel.write(message, channel.voidPromise());
        io.throwIfFailed("write");  // a layer that refused the write at once (TLS after its end) said so here
    }

    private void awaitWritable(Coroutine me, long deadline, Duration timeout) {
        if (channel.isWritable()) {
            return;
        }
        channel.flush();
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
            if (o == Blocker.Outcome.TIMED_OUT) {
                throw new TimedOutException("write to " + io.remoteAddress() + " found no room within " + timeout);
            }
            if (o == Blocker.Outcome.CANCELLED) {
                throw new CancelledException("write to " + io.remoteAddress() + " was cancelled");
            }
        }
    }

    /** Waits until every byte written so far has been handed to the operating system. */
    void drain(Duration timeout) {
        NettyWaits.sync(channel.writeAndFlush(Unpooled.EMPTY_BUFFER), Blocker.deadline(timeout), timeout,
                "drain of " + io.remoteAddress());
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
