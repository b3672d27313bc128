package io.machinarium.net;

import io.machinarium.core.CancelledException;
import io.machinarium.core.ClosedException;
import io.machinarium.core.IoFailedException;
import io.machinarium.core.MisuseException;
import io.machinarium.core.TimedOutException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;

/**
 * The stream of one connection as its coroutines see it: reads served from the readahead buffer, writes
 * with backpressure, the end of output. {@link IoContext} is the one implementation; this type holds the
 * contract of those calls, {@code IoContext} the connection's life (opening, closing, migration, layers).
 *
 * <p>Blocking calls. A call that takes a {@code timeout} suspends the calling coroutine for at most that long
 * ({@code null} waits forever) and then throws {@link TimedOutException}; it throws {@link CancelledException}
 * if the coroutine is or gets cancelled, {@link IoFailedException} (with the {@code IOException} as its cause)
 * if the connection failed, and {@link ClosedException} where the method says the peer's end or a close
 * ends it. A read ended this way loses nothing: buffered bytes and objects stay for the next read; a write
 * that waited for room and failed wrote nothing.
 *
 * <p>Machine-confined: every call but {@link #wakeUp()} must come from a coroutine of the owning machine,
 * else {@link MisuseException}.
 *
 * <p>Buffers: a {@code ByteBuf} returned by a read belongs to the caller, who releases it. A
 * {@code ByteBuf} passed to a write belongs to the stream from then on, also when the write throws.
 * The byte-array methods copy and need no releasing.
 *
 * @since 0.1.0
 */
public sealed interface IoStream permits IoContext {
    // ---- reading ----

    /**
     * Reads exactly {@code n} bytes; on a timeout the bytes that did arrive stay buffered.
     *
     * @param n how many bytes, at least 0
     * @param timeout how long to wait at most; null waits forever
     * @return the bytes; the caller releases the buffer
     * @throws ClosedException if the peer closed before n bytes arrived (the rest stays readable)
     * @throws WokenException if {@link #wakeUp()} was called (buffered bytes stay)
     */
    ByteBuf read(int n, Duration timeout);

    /**
     * Reads whatever is buffered, waiting only until at least one byte is there.
     *
     * @param timeout how long to wait at most; null waits forever
     * @return the bytes (the caller releases the buffer), or null once the peer has closed and every
     *     byte was read
     * @throws WokenException if {@link #wakeUp()} was called (buffered bytes stay)
     */
    ByteBuf readSome(Duration timeout);

    /**
     * Reads exactly {@code len} bytes into an array. See {@link #read(int, Duration)}.
     *
     * @param dst where to put them
     * @param off first index to fill
     * @param len how many bytes
     * @param timeout how long to wait at most; null waits forever
     */
    default void read(byte[] dst, int off, int len, Duration timeout) {
        ByteBuf b = read(len, timeout);
        try {
            b.readBytes(dst, off, len);
        } finally {
            b.release();
        }
    }

    /**
     * Reads exactly {@code n} bytes into a new array. See {@link #read(int, Duration)}.
     *
     * @param n how many bytes
     * @param timeout how long to wait at most; null waits forever
     * @return the bytes
     */
    default byte[] readBytes(int n, Duration timeout) {
        byte[] out = new byte[n];
        read(out, 0, n, timeout);
        return out;
    }

    /**
     * Reads what is buffered into an array, waiting for at least one byte. See {@link #readSome(Duration)}.
     *
     * @param dst where to put the bytes
     * @param timeout how long to wait at most; null waits forever
     * @return how many bytes were copied, or -1 once the peer has closed and every byte was read
     */
    int readSome(byte[] dst, Duration timeout);

    /**
     * Reads the next decoded object, for a context opened with a codec ({@link IoOptions#withCodec}).
     *
     * <p>When the codec rejects the input (Netty's {@code DecoderException}; {@code HttpServerCodec} past
     * its pipeline depth, say), the objects it decoded before stay readable and come first; after them this
     * throws, and so does every later call. The connection stays open and writable then — answer what was
     * read, then close — but nothing more is read from it.
     *
     * @param timeout how long to wait at most; null waits forever
     * @param <T> the expected type
     * @return the object (if reference-counted, the caller releases it), or null once the peer has
     *     closed and every object was read
     * @throws WokenException if {@link #wakeUp()} was called (buffered objects stay)
     * @throws IoFailedException if the connection failed, or once every object decoded before it was read,
     *     if the codec rejected the input (the cause says why)
     * @throws MisuseException if the context has no codec
     */
    <T> T readObject(Duration timeout);

    /**
     * Bytes (or, with a codec, decoded objects) that arrived and were not read yet: machinarium's
     * read-pending.
     *
     * @return the count
     */
    int pending();

    /**
     * Wakes the coroutine blocked reading this context ({@link #read(int, Duration)}, {@link #readSome},
     * {@link #readObject}): that call throws {@link WokenException}, buffered bytes and objects stay, and the
     * coroutine is not cancelled — its next read blocks as usual. If no read blocks, the wake-up is
     * remembered and the next read throws at once; several wake-ups before a read count as one. Writes are
     * not affected. Never blocks; any thread, also while the context is detached or moving.
     */
    void wakeUp();

    // ---- writing ----

    /**
     * Writes and flushes bytes, waiting first while the connection is over its write high-water mark.
     *
     * @param buf the bytes; the context owns the buffer from now on, also if this throws
     * @param timeout how long to wait for room at most; null waits forever
     * @throws ClosedException if the connection or its output is closed
     */
    void write(ByteBuf buf, Duration timeout);

    /**
     * Writes and flushes bytes with no time limit. See {@link #write(ByteBuf, Duration)}.
     *
     * @param buf the bytes; the context owns the buffer from now on
     */
    default void write(ByteBuf buf) {
        write(buf, null);
    }

    /**
     * Writes and flushes a copy of an array. See {@link #write(ByteBuf, Duration)}.
     *
     * @param bytes the bytes (copied)
     */
    default void write(byte[] bytes) {
        write(Unpooled.wrappedBuffer(bytes.clone()), null);
    }

    /**
     * Gathering write: queues every buffer in order, then flushes once. See {@link #write(ByteBuf, Duration)}.
     *
     * @param timeout how long to wait for room at most; null waits forever
     * @param bufs the buffers; the context owns all of them from now on, also if this throws
     */
    void writev(Duration timeout, ByteBuf... bufs);

    /**
     * Writes and flushes an object for the codec's encoder (object mode), waiting while over the mark.
     *
     * @param message the object; ownership passes to the context
     * @param timeout how long to wait for room at most; null waits forever
     */
    void writeObject(Object message, Duration timeout);

    /**
     * Queues a message without flushing (then {@link #flush()}), waiting while over the mark.
     *
     * @param message bytes or, with a codec, an object; ownership passes to the context
     * @param timeout how long to wait for room at most; null waits forever
     */
    void queue(Object message, Duration timeout);

    /** Flushes queued writes to the socket. */
    void flush();

    /**
     * Bytes written to this connection that the operating system has not taken yet: those flushed and waiting
     * in the socket's queue (a buffer partly sent counts by what is left of it), and those {@link #queue queued}
     * but not flushed. It drops as the peer takes bytes — how a program sees a write make progress while it
     * waits for room — and is zero once every byte has left, or the connection has closed. With a stream layer
     * it counts what the layer has handed to the socket (TLS records); with a codec, objects count once
     * flushed (encoded). Never blocks.
     *
     * @return the count
     */
    long unsent();

    /**
     * Waits until every byte written so far has been handed to the operating system.
     *
     * @param timeout how long to wait at most; null waits forever
     */
    void drain(Duration timeout);

    /**
     * Half-close: sends everything written so far, then the end of stream of any layer above the socket
     * (TLS's close_notify: {@link StreamLayer#endOfOutput()}), then FIN; reading goes on. Later writes throw
     * {@link ClosedException}. Suspends until the bytes have left; on a timeout the output is not shut.
     *
     * @param timeout how long to wait for the written bytes to leave
     */
    void shutdownOutput(Duration timeout);
}
