package io.machinarium.net;

import io.machinarium.core.Blocker;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * The tail handler of every IO context's pipeline: it keeps what arrives (readahead) until a coroutine
 * reads it, and wakes the coroutine waiting to read or to write. Bytes are merged into one cumulation
 * buffer (zero-copy slices are handed out); decoded objects, in object mode, are queued as they come.
 * Above the high-water mark autoRead is turned off, so a slow reader pushes back on the peer instead
 * of growing the heap; below the low-water mark it is turned on again.
 *
 * <p>Thread: every method runs on the event loop the channel is registered with, which is the thread
 * of the machine that owns the context — the same thread as the reading coroutine. No locking.
 * Buffers: the cumulation is owned here and released by {@link #release()}; queued objects too.
 */
final class IoAdapter extends ChannelInboundHandlerAdapter {
    /**
     * The most one socket read delivers (the receive buffer allocator's maximum). Reading pauses in the
     * read that crosses the mark, so the readahead holds at most {@code max(highWater, a waiting read's
     * need) + MAX_READ} bytes (see {@link EpollInterest#watchHangUpByRead} for what keeps it so on epoll).
     */
    static final int MAX_READ = 64 * 1024;
    final boolean objectMode;
    final int highWater;
    final int lowWater;
    ByteBuf bytes;
    final ArrayDeque<Object> objects = new ArrayDeque<>();
    boolean eof;
    /** The connection failed: reads and writes throw it. */
    Throwable error;
    /**
     * Object mode: the codec refused the input. Objects decoded before stay readable, then reads throw it;
     * reading from the socket has stopped and the output still works, so that the coroutine can answer.
     */
    Throwable inputError;
    ChannelHandlerContext ctx;

    private Blocker reader;
    private long readerTicket;
    private int readerNeeds;
    private Blocker writer;
    private long writerTicket;

    IoAdapter(boolean objectMode, int highWater, int lowWater) {
        this.objectMode = objectMode;
        this.highWater = highWater;
        this.lowWater = lowWater;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!objectMode && msg instanceof ByteBuf b) {
            IoStats.READ.add(b.readableBytes());
            bytes = bytes == null ? b : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), bytes, b);
            // pause above the mark, unless a waiting read needs more than that
            if (bytes.readableBytes() >= highWater && (reader == null || bytes.readableBytes() >= readerNeeds)) {
                ctx.channel().config().setAutoRead(false);
            }
        } else {
            if (msg instanceof io.netty.buffer.ByteBufHolder h) {
                IoStats.READ.add(h.content().readableBytes());
            } else if (msg instanceof ByteBuf b) {
                IoStats.READ.add(b.readableBytes());
            }
            objects.add(msg);
            if (objects.size() >= Math.max(1, highWater / 1024)) {
                ctx.channel().config().setAutoRead(false);
            }
        }
        wakeReaderIfSatisfied();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            EpollInterest.keepRegistered(ctx.channel());
            eof = true;
            wakeReader();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        eof = true;
        wakeReader();
        wakeWriter();
    }

    @Override
    public void channelRegistered(ChannelHandlerContext ctx) {
        EpollInterest.watchHangUpByRead(ctx.channel());  // before reading starts, on every machine it moves to
        ctx.fireChannelRegistered();
    }

    @Override
    public void channelUnregistered(ChannelHandlerContext ctx) {
        if (!ctx.channel().isOpen()) {
            release();  // closed, e.g. by its machine stopping: nobody will read the rest
        }
        ctx.fireChannelUnregistered();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (objectMode && cause instanceof DecoderException && error == null && ctx.channel().isActive()) {
            // e.g. HttpServerCodec past its pipeline depth: it fired what it decoded before throwing; a close
            // here would free those objects unread and leave the peer a bare FIN with no answer at all
            if (inputError == null) {
                inputError = cause;
                IoStats.ERRORS.increment();
            }
            ctx.channel().config().setAutoRead(false);
            wakeReader();
            return;
        }
        if (error == null) {
            error = cause;
            IoStats.ERRORS.increment();
        }
        wakeReader();
        wakeWriter();
        ctx.close();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            wakeWriter();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Bytes buffered and not yet read. */
    int pending() {
        return bytes == null ? 0 : bytes.readableBytes();
    }

    /** After a read: turn autoRead back on once the buffer has drained below the low-water mark. */
    void afterRead() {
        if (ctx != null && inputError == null && !ctx.channel().config().isAutoRead()) {
            int held = objectMode ? objects.size() * 1024 : pending();
            if (held <= lowWater) {
                ctx.channel().config().setAutoRead(true);
            }
        }
    }

    void awaitReadable(Blocker me, long ticket, int needs) {
        reader = me;
        readerTicket = ticket;
        readerNeeds = needs;
        if (ctx != null && inputError == null && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);  // the read needs more than the mark holds
        }
    }

    void awaitWritable(Blocker me, long ticket) {
        writer = me;
        writerTicket = ticket;
    }

    void clearReader() {
        reader = null;
    }

    void clearWriter() {
        writer = null;
    }

    private void wakeReaderIfSatisfied() {
        if (reader != null && (objectMode ? !objects.isEmpty() : pending() >= readerNeeds)) {
            wakeReader();
        }
    }

    void wakeReader() {
        Blocker r = reader;
        if (r != null) {
            reader = null;
            r.wake(readerTicket);
        }
    }

    void wakeWriter() {
        Blocker w = writer;
        if (w != null) {
            writer = null;
            w.wake(writerTicket);
        }
    }

    /** Frees the readahead: the cumulation buffer and queued objects. */
    void release() {
        if (bytes != null) {
            bytes.release();
            bytes = null;
        }
        for (Object o; (o = objects.poll()) != null; ) {
            ReferenceCountUtil.release(o);
        }
    }
}
