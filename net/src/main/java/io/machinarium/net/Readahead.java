package io.machinarium.net;

import io.machinarium.core.ClosedException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.Machine;
import io.machinarium.core.RejectedException;
import io.machinarium.core.spi.Blocker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * An IO context's readahead: what arrived and was not read yet, and the blocking reads that take it
 * (machinarium's readahead buffer and its reads). Bytes are merged into one cumulation buffer, of which
 * reads hand out zero-copy slices; decoded objects, with a codec, are queued as they come. Reading from
 * the socket goes on while nobody reads, so most reads complete with no system call; above the high-water
 * mark autoRead is turned off (the peer is pushed back by TCP instead of growing the heap), below the
 * low-water mark it is turned on again. One socket read brings at most {@link #MAX_READ} bytes, so the
 * buffer holds at most {@code max(highWater, what a waiting read needs) + MAX_READ} bytes (see
 * {@link EpollInterest#watchHangUpByRead} for what keeps it so on epoll after a FIN).
 *
 * <p>Thread: the machine that owns the context — its Netty callbacks ({@link IoAdapter}) and its reading
 * coroutine share the thread, so nothing here is locked. Buffers: the cumulation and queued objects are
 * owned here until read, and freed by {@link #release()}.
 */
final class Readahead {
    /** The most one socket read delivers (the receive buffer allocator's maximum). */
    static final int MAX_READ = 64 * 1024;

    private final IoContext io;
    final boolean objectMode;
    private final int highWater;
    private final int lowWater;
    private Channel channel;
    ByteBuf bytes;
    final ArrayDeque<Object> objects = new ArrayDeque<>();
    /** The peer ended its output (or the connection is gone): after what is buffered, reads see the end. */
    boolean eof;
    /**
     * Object mode: the codec refused the input. Objects decoded before stay readable, then reads throw it;
     * reading from the socket has stopped and the output still works, so that the coroutine can answer.
     */
    Throwable inputError;

    private Blocker reader;
    private long readerTicket;
    private int readerNeeds;

    Readahead(IoContext io, boolean objectMode, int highWater, int lowWater) {
        this.io = io;
        this.objectMode = objectMode;
        this.highWater = highWater;
        this.lowWater = lowWater;
    }

    /** The adapter is in the pipeline: from now on autoRead can be toggled. */
    void attachedTo(Channel ch) {
        this.channel = ch;
    }

    // ---- what arrives (Netty callbacks) ----

    void arrived(Object msg, io.netty.buffer.ByteBufAllocator alloc) {
        if (!objectMode && msg instanceof ByteBuf b) {
            io.stats.read.add(b.readableBytes());
            bytes = bytes == null ? b : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(alloc, bytes, b);
            // pause above the mark, unless a waiting read needs more than that
            if (bytes.readableBytes() >= highWater && (reader == null || bytes.readableBytes() >= readerNeeds)) {
                channel.config().setAutoRead(false);
            }
        } else {
            if (msg instanceof io.netty.buffer.ByteBufHolder h) {
                io.stats.read.add(h.content().readableBytes());
            } else if (msg instanceof ByteBuf b) {
                io.stats.read.add(b.readableBytes());
            }
            objects.add(msg);
            if (objects.size() >= Math.max(1, highWater / 1024)) {
                channel.config().setAutoRead(false);
            }
        }
        if (reader != null && (objectMode ? !objects.isEmpty() : pending() >= readerNeeds)) {
            wakeReader();
        }
    }

    void ended() {
        eof = true;
        wakeReader();
    }

    /** The codec refused the input: stop reading, keep what was decoded, let the reader see the error next. */
    void refused(Throwable cause) {
        if (inputError == null) {
            inputError = cause;
            io.stats.errors.increment();
        }
        channel.config().setAutoRead(false);
        wakeReader();
    }

    /**
     * Has the owning machine wake a blocked reader after {@link IoContext#wakeUp()}; any thread. Follows the
     * context if it moves meanwhile; while it is detached no read can block, and the first read after
     * attach takes the wake-up.
     */
    void deliverWakeUp() {
        Machine m = io.owner;
        if (m == null) {
            return;
        }
        if (Machine.current() == m) {
            wakeReader();
            return;
        }
        try {
            m.execute(() -> {
                if (io.owner != m) {
                    deliverWakeUp();
                } else if (io.wakeUp.isGiven()) {
                    wakeReader();
                }
            });
        } catch (RejectedException e) {
            // the machine has ended, and every read on it
        }
    }

    void wakeReader() {
        Blocker r = reader;
        if (r != null) {
            reader = null;
            r.wake(readerTicket);
        }
    }

    // ---- reads (the owning coroutine) ----

    /** Bytes buffered and not yet read. */
    int pending() {
        return bytes == null ? 0 : bytes.readableBytes();
    }

    /** Bytes or decoded objects waiting to be read. */
    int waiting() {
        return objectMode ? objects.size() : pending();
    }

    ByteBuf read(Coroutine me, int n, Duration timeout) {
        long deadline = Blocker.deadline(timeout);
        while (pending() < n) {
            io.throwIfFailed("read of " + n + " bytes");
            if (eof) {
                throw new ClosedException("the peer closed the connection after " + pending() + " of " + n
                        + " bytes; they stay readable");
            }
            await(me, n, deadline, timeout);
        }
        ByteBuf out = n == 0 ? Unpooled.EMPTY_BUFFER : bytes.readRetainedSlice(n);
        consumed();
        return out;
    }

    /** @return the buffered bytes, or null at the end of the stream */
    ByteBuf readSome(Coroutine me, Duration timeout) {
        if (!awaitSome(me, timeout)) {
            return null;
        }
        ByteBuf out = bytes;
        bytes = null;
        consumed();
        return out;
    }

    /** @return how many bytes were copied, or -1 at the end of the stream */
    int readSome(Coroutine me, byte[] dst, Duration timeout) {
        if (!awaitSome(me, timeout)) {
            return -1;
        }
        int n = Math.min(dst.length, pending());
        bytes.readBytes(dst, 0, n);
        consumed();
        return n;
    }

    private boolean awaitSome(Coroutine me, Duration timeout) {
        long deadline = Blocker.deadline(timeout);
        while (pending() == 0) {
            io.throwIfFailed("read");
            if (eof) {
                return false;
            }
            await(me, 1, deadline, timeout);
        }
        return true;
    }

    /** @return the next decoded object, or null at the end of the stream */
    Object readObject(Coroutine me, Duration timeout) {
        long deadline = Blocker.deadline(timeout);
        while (objects.isEmpty()) {
            io.throwIfFailed("read");
            if (inputError != null) {
                throw NettyWaits.failure("read from " + io.remoteAddress() + ": the codec rejected the input", inputError);
            }
            if (eof) {
                return null;
            }
            await(me, 1, deadline, timeout);
        }
        Object out = objects.poll();
        consumed();
        return out;
    }

    private void await(Coroutine me, int needs, long deadline, Duration timeout) {
        long ticket = me.prepare(io);
        reader = me;
        readerTicket = ticket;
        readerNeeds = needs;
        if (channel != null && inputError == null && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);  // the read needs more than the mark holds
        }
        Blocker.Outcome o = me.await(ticket, deadline);
        reader = null;
        o.orThrow("read from", io.remoteAddress(), "got no data", timeout);
        io.wakeUp.throwIfGiven("read from ", io.remoteAddress());
    }

    /** After a read: free an emptied buffer; turn autoRead back on below the low-water mark. */
    private void consumed() {
        if (bytes != null && !bytes.isReadable()) {
            bytes.release();
            bytes = null;
        }
        if (channel != null && inputError == null && !channel.config().isAutoRead()) {
            int held = objectMode ? objects.size() * 1024 : pending();
            if (held <= lowWater) {
                channel.config().setAutoRead(true);
            }
        }
    }

    /** A layer goes in front of the readahead: it takes the bytes read ahead so far, to read them first. */
    ByteBuf takeForLayer() {
        ByteBuf b = bytes;
        bytes = null;
        return b;
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
