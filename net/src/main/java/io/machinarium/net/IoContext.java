package io.machinarium.net;

import io.machinarium.core.Blocker;
import io.machinarium.core.CancelledException;
import io.machinarium.core.ClosedException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.IoFailedException;
import io.machinarium.core.Machine;
import io.machinarium.core.MisuseException;
import io.machinarium.core.RejectedException;
import io.machinarium.core.TimedOutException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * One connection, read and written in blocking style by coroutines of the machine it is attached to
 * (machinarium's {@code machine_io_t}). Inbound bytes are read ahead into a buffer even when no
 * coroutine is reading, so most reads complete with no system call; writes go straight into the
 * Netty pipeline and wait only while the connection is over its write-buffer high-water mark.
 *
 * <pre>{@code
 * try (IoContext io = IoContext.connect(new InetSocketAddress("127.0.0.1", 5432), Duration.ofSeconds(2))) {
 *     io.write("ping\n".getBytes(UTF_8));
 *     byte[] reply = io.readBytes(5, Duration.ofSeconds(1));
 * }
 * }</pre>
 *
 * <p>This class is the facade; each mechanism has its file: opening ({@code Connecting}), the readahead
 * and reads ({@code Readahead}), writes ({@code Writing}), half-close, close and reset
 * ({@code GracefulClose}), who hears of the close ({@code CloseWatch}), moving between machines
 * ({@code Migration}), stream layers ({@link StreamLayer}, {@code Layers}), and Netty's events ({@code IoAdapter}).
 *
 * <p>Machine-confined: every call but {@link #close()} and {@link #wakeUp()} must come from a coroutine of
 * the owning machine, else {@link MisuseException}. To move a connection to another machine, {@link #detach()}
 * it, pass it (e.g. through a channel), and {@link #attach()} it there; buffered bytes travel along.
 *
 * <p>Buffers: a {@code ByteBuf} returned by a read belongs to the caller, who releases it. A
 * {@code ByteBuf} passed to a write belongs to the context from then on, also when the write throws.
 * The byte-array methods copy and need no releasing.
 *
 * @since 0.1.0
 */
public final class IoContext implements AutoCloseable {
    final Channel channel;
    final IoOptions options;
    final Readahead input;
    final Writing output;
    final IoAdapter adapter;
    final CloseWatch closeWatch = new CloseWatch(this);
    final WakeUp wakeUp = new WakeUp();
    final IoStats stats;
    /** The stream layers, made with the first one. */
    Layers layers;
    volatile Machine owner;
    boolean closing;

    IoContext(Channel channel, IoOptions options, IoStats stats) {
        this.channel = channel;
        this.stats = stats;
        this.options = options;
        this.input = new Readahead(this, options.codec() != null, options.readaheadHigh(), options.readaheadLow());
        this.output = new Writing(this, channel);
        this.adapter = new IoAdapter(this);
        stats.opened.increment();
        channel.closeFuture().addListener(f -> {
            stats.closed.increment();
            closeWatch.channelClosed();
        });
        ChannelConfig cfg = channel.config();
        cfg.setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        cfg.setWriteBufferWaterMark(new WriteBufferWaterMark(options.writeLow(), options.writeHigh()));
        // Netty 4.2's epoll transport is level-triggered only, so turning autoRead off stops reading at
        // once and readahead stays near its high-water mark; one read delivers at most MAX_READ bytes.
        cfg.setRecvByteBufAllocator(new AdaptiveRecvByteBufAllocator(64, 2048, Readahead.MAX_READ));
        if (channel instanceof SocketChannel && options.noDelay()) {
            cfg.setOption(ChannelOption.TCP_NODELAY, true);
        }
        if (options.codec() != null) {
            for (ChannelHandler h : options.codec().get()) {
                channel.pipeline().addLast(h);
            }
        }
        channel.pipeline().addLast("machinarium-io", adapter);
    }

    // ---- opening ----

    /**
     * Connects to an address with default options. See {@link #connect(SocketAddress, Duration, IoOptions)}.
     *
     * @param address where to connect
     * @param timeout how long to wait at most; null waits forever
     * @return the connected context, attached to the caller's machine
     */
    public static IoContext connect(SocketAddress address, Duration timeout) {
        return connect(address, timeout, IoOptions.defaults());
    }

    /**
     * Connects to a TCP address ({@code InetSocketAddress}) or a Unix socket ({@code UnixDomainSocketAddress}
     * or Netty's {@code DomainSocketAddress}), suspending the calling coroutine meanwhile.
     *
     * @param address where to connect
     * @param timeout how long to wait at most; null waits forever
     * @param options buffering, codec and socket options
     * @return the connected context, attached to the caller's machine
     * @throws TimedOutException if the connection was not established in time (the attempt is aborted)
     * @throws CancelledException if the coroutine is or gets cancelled (the attempt is aborted)
     * @throws IoFailedException if the connection failed, e.g. was refused (the cause says why)
     * @throws MisuseException if called outside a coroutine
     */
    public static IoContext connect(SocketAddress address, Duration timeout, IoOptions options) {
        return Connecting.connect(address, timeout, options);
    }

    /**
     * Resolves a host name and connects to its first address that accepts, within one overall timeout.
     * The name is resolved by the resolver of {@code options} or, by default, the machine's.
     *
     * @param host a host name or address literal
     * @param port the TCP port
     * @param timeout how long resolving and connecting may take together; null waits forever
     * @param options buffering, codec and socket options
     * @return the connected context, attached to the caller's machine
     * @throws TimedOutException if no address accepted in time
     * @throws CancelledException if the coroutine is or gets cancelled
     * @throws IoFailedException if the name does not resolve or every address refused (the last cause)
     */
    public static IoContext connect(String host, int port, Duration timeout, IoOptions options) {
        return Connecting.connect(host, port, timeout, options);
    }

    /**
     * Resolves and connects with default options. See {@link #connect(String, int, Duration, IoOptions)}.
     *
     * @param host a host name or address literal
     * @param port the TCP port
     * @param timeout how long resolving and connecting may take together; null waits forever
     * @return the connected context
     */
    public static IoContext connect(String host, int port, Duration timeout) {
        return connect(host, port, timeout, IoOptions.defaults());
    }

    static Coroutine requireCoroutine(String call) {
        Coroutine c = Coroutine.current();
        if (c == null) {
            throw new MisuseException(call + " must be called inside a coroutine: IO contexts belong to machines.");
        }
        return c;
    }

    // ---- reading ----

    /**
     * Reads exactly {@code n} bytes.
     *
     * @param n how many bytes, at least 0
     * @param timeout how long to wait at most; null waits forever
     * @return the bytes; the caller releases the buffer
     * @throws TimedOutException if fewer than n bytes arrived in time (those stay buffered: nothing is lost)
     * @throws CancelledException if the coroutine is or gets cancelled (buffered bytes stay)
     * @throws ClosedException if the peer closed before n bytes arrived (the rest stays readable)
     * @throws WokenException if {@link #wakeUp()} was called (buffered bytes stay)
     * @throws IoFailedException if the connection failed
     */
    public ByteBuf read(int n, Duration timeout) {
        Coroutine me = startRead("read", true);
        if (n < 0) {
            throw new IllegalArgumentException("cannot read " + n + " bytes");
        }
        return input.read(me, n, timeout);
    }

    /**
     * Reads whatever is buffered, waiting only until at least one byte is there.
     *
     * @param timeout how long to wait at most; null waits forever
     * @return the bytes (the caller releases the buffer), or null once the peer has closed and every
     *     byte was read
     * @throws TimedOutException if nothing arrived in time
     * @throws CancelledException if the coroutine is or gets cancelled
     * @throws WokenException if {@link #wakeUp()} was called (buffered bytes stay)
     * @throws IoFailedException if the connection failed
     */
    public ByteBuf readSome(Duration timeout) {
        return input.readSome(startRead("readSome", true), timeout);
    }

    /**
     * Reads exactly {@code len} bytes into an array. See {@link #read(int, Duration)}.
     *
     * @param dst where to put them
     * @param off first index to fill
     * @param len how many bytes
     * @param timeout how long to wait at most; null waits forever
     */
    public void read(byte[] dst, int off, int len, Duration timeout) {
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
    public byte[] readBytes(int n, Duration timeout) {
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
    public int readSome(byte[] dst, Duration timeout) {
        return input.readSome(startRead("readSome", true), dst, timeout);
    }

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
     * @throws TimedOutException if none arrived in time
     * @throws CancelledException if the coroutine is or gets cancelled
     * @throws WokenException if {@link #wakeUp()} was called (buffered objects stay)
     * @throws IoFailedException if the connection failed, or once every object decoded before it was read,
     *     if the codec rejected the input (the cause says why)
     * @throws MisuseException if the context has no codec
     */
    @SuppressWarnings("unchecked")
    public <T> T readObject(Duration timeout) {
        return (T) input.readObject(startRead("readObject", false), timeout);
    }

    /** The checks every read starts with: owner, mode, cancellation, a wake-up given before. */
    private Coroutine startRead(String call, boolean bytes) {
        Coroutine me = own(call);
        if (bytes) {
            requireBytes(call);
        } else if (!input.objectMode) {
            throw new MisuseException("readObject needs a codec: open the context with IoOptions.withCodec.");
        }
        Blocker.throwIfCancelled("read");
        wakeUp.throwIfGiven("read from " + remoteAddress());
        return me;
    }

    /**
     * Bytes (or, with a codec, decoded objects) that arrived and were not read yet: machinarium's
     * read-pending.
     *
     * @return the count
     */
    public int pending() {
        own("pending");
        return input.waiting();
    }

    /**
     * Wakes the coroutine blocked reading this context ({@link #read(int, Duration)}, {@link #readSome},
     * {@link #readObject}): that call throws {@link WokenException}, buffered bytes and objects stay, and the
     * coroutine is not cancelled — its next read blocks as usual. If no read blocks, the wake-up is
     * remembered and the next read throws at once; several wake-ups before a read count as one. Writes are
     * not affected. Never blocks; any thread, also while the context is detached or moving.
     */
    public void wakeUp() {
        wakeUp.give();
        deliverWakeUp();
    }

    /** Has the owning machine wake a blocked reader; follows the context if it moves meanwhile. */
    private void deliverWakeUp() {
        Machine m = owner;
        if (m == null) {
            return;  // detached: no read can block; the first read after attach() takes the wake-up
        }
        if (Machine.current() == m) {
            input.wakeReader();
            return;
        }
        try {
            m.execute(() -> {
                if (owner != m) {
                    deliverWakeUp();
                } else if (wakeUp.isGiven()) {
                    input.wakeReader();
                }
            });
        } catch (RejectedException e) {
            // the machine has ended, and every read on it
        }
    }

    // ---- writing ----

    /**
     * Writes and flushes bytes, waiting first while the connection is over its write high-water mark.
     *
     * @param buf the bytes; the context owns the buffer from now on, also if this throws
     * @param timeout how long to wait for room at most; null waits forever
     * @throws TimedOutException if there was no room in time (nothing was written)
     * @throws CancelledException if the coroutine is or gets cancelled (nothing was written)
     * @throws ClosedException if the connection or its output is closed
     * @throws IoFailedException if the connection failed
     */
    public void write(ByteBuf buf, Duration timeout) {
        queue(buf, timeout);
        output.flush();
    }

    /**
     * Writes and flushes bytes with no time limit. See {@link #write(ByteBuf, Duration)}.
     *
     * @param buf the bytes; the context owns the buffer from now on
     */
    public void write(ByteBuf buf) {
        write(buf, null);
    }

    /**
     * Writes and flushes a copy of an array. See {@link #write(ByteBuf, Duration)}.
     *
     * @param bytes the bytes (copied)
     */
    public void write(byte[] bytes) {
        write(Unpooled.wrappedBuffer(bytes.clone()), null);
    }

    /**
     * Gathering write: queues every buffer in order, then flushes once.
     *
     * @param timeout how long to wait for room at most; null waits forever
     * @param bufs the buffers; the context owns all of them from now on, also if this throws
     */
    public void writev(Duration timeout, ByteBuf... bufs) {
        int i = 0;
        try {
            for (; i < bufs.length; i++) {
                queue(bufs[i], timeout);
            }
        } finally {
            for (int k = i + 1; k < bufs.length; k++) {
                ReferenceCountUtil.release(bufs[k]);
            }
        }
        output.flush();
    }

    /**
     * Writes and flushes an object for the codec's encoder (object mode), waiting while over the mark.
     *
     * @param message the object; ownership passes to the context
     * @param timeout how long to wait for room at most; null waits forever
     */
    public void writeObject(Object message, Duration timeout) {
        queue(message, timeout);
        output.flush();
    }

    /**
     * Queues a message without flushing (then {@link #flush()}), waiting while over the mark.
     *
     * @param message bytes or, with a codec, an object; ownership passes to the context
     * @param timeout how long to wait for room at most; null waits forever
     */
    public void queue(Object message, Duration timeout) {
        Coroutine me;
        try {
            me = own("write");
        } catch (RuntimeException e) {
            ReferenceCountUtil.release(message);
            throw e;
        }
        output.queue(me, message, timeout);
    }

    /** Flushes queued writes to the socket. */
    public void flush() {
        own("flush");
        output.flush();
    }

    /**
     * Bytes written to this connection that the operating system has not taken yet: those flushed and waiting
     * in the socket's queue (a buffer partly sent counts by what is left of it), and those {@link #queue queued}
     * but not flushed. It drops as the peer takes bytes — how a program sees a write make progress while it
     * waits for room — and is zero once every byte has left, or the connection has closed. With a stream layer
     * it counts what the layer has handed to the socket (TLS records); with a codec, objects count once
     * flushed (encoded). Never blocks.
     *
     * @return the count
     * @throws MisuseException if not called by a coroutine of the owning machine
     */
    public long unsent() {
        own("unsent");
        return output.unsent();
    }

    /**
     * Waits until every byte written so far has been handed to the operating system.
     *
     * @param timeout how long to wait at most; null waits forever
     * @throws TimedOutException if the peer did not take the bytes in time
     * @throws IoFailedException if the connection failed
     */
    public void drain(Duration timeout) {
        own("drain");
        output.drain(timeout);
    }

    /**
     * Half-close: sends everything written so far, then the end of stream of any layer above the socket
     * (TLS's close_notify: {@link StreamLayer#endOfOutput()}), then FIN; reading goes on. Later writes throw
     * {@link ClosedException}. Suspends until the bytes have left.
     *
     * @param timeout how long to wait for the written bytes to leave
     * @throws TimedOutException if they did not leave in time (the output is not shut)
     */
    public void shutdownOutput(Duration timeout) {
        own("shutdownOutput");
        GracefulClose.shutdownOutput(this, timeout);
    }

    // ---- closing ----

    /**
     * Closes the connection: on the owning machine it first waits for written bytes to leave, for as long
     * as they keep leaving — it gives up once none has left for the close timeout, or when the coroutine
     * is cancelled; from any other thread, or while detached, it closes at once. A close that leaves
     * written bytes unsent resets the connection (RST), so that the peer never takes a stream cut short
     * for one that ended cleanly. Frees the buffered input. Closing twice does nothing.
     */
    @Override
    public void close() {
        GracefulClose.close(this);
    }

    /**
     * Resets the connection now: unsent bytes are dropped and the peer gets a reset (RST), never a clean
     * end; the buffered input is freed. For a layer or a program that must give up on a connection (a
     * failed handshake, a protocol violation). Never blocks; any thread. Resetting twice, or a closed
     * context, does nothing.
     */
    public void reset() {
        Machine m = owner;
        if (m != null && Machine.current() != m) {
            channel.eventLoop().execute(this::reset);
            return;
        }
        GracefulClose.resetOnAbort(channel);
        GracefulClose.abort(this);
    }

    /**
     * Runs {@code callback} once the connection has closed — closed or reset here, reset by the peer, failed;
     * a half-close by either side does not close it — so that a coroutine waiting on one connection learns that
     * another went away without a coroutine waiting on that one. The callback runs on the owning machine,
     * outside any coroutine, once; it must not block (it may cancel coroutines, wake readers, close or reset
     * contexts). If the connection has closed already, it runs soon after this call, as a task of the machine.
     * Callbacks run in the order they were added. A context closed while detached runs them once attached.
     *
     * @param callback what to run; an exception it throws is logged
     * @throws MisuseException if not called by a coroutine of the owning machine
     */
    public void onClose(Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        closeWatch.add(own("onClose").machine(), callback);
    }

    /** {@return whether the connection is open (a snapshot)} */
    public boolean isOpen() {
        return channel.isOpen() && !closing;
    }

    boolean isClosing() {
        return closing;
    }

    // ---- migration ----

    /**
     * Detaches the connection from its machine, keeping buffered bytes, so that it can be handed to
     * another machine and {@link #attach() attached} there. Until then no bytes are read from the socket
     * (the kernel keeps them).
     *
     * @throws MisuseException if not called by a coroutine of the owning machine
     */
    public void detach() {
        own("detach");
        Migration.detach(this);
    }

    /**
     * Attaches a detached (or never attached) connection to the calling coroutine's machine.
     *
     * @throws MisuseException if it is attached already, or called outside a coroutine
     */
    public void attach() {
        Migration.attach(this, requireCoroutine("IoContext.attach"));
    }

    /** {@return the machine the context is attached to, or null while detached} */
    public Machine machine() {
        return owner;
    }

    // ---- stream layers ----

    /**
     * Adds a stream layer — TLS upgrading the connection in place, say — behind the layers already there
     * and in front of the readahead, and hands it the bytes already read ahead, so that nothing the peer sent
     * before the layer was added (its first TLS bytes) is lost or read as plain bytes. If the peer's input had
     * ended already, the layer is told at once ({@link StreamLayer#endOfInput()}). Bytes-mode contexts only.
     * Never blocks.
     *
     * @param layer the layer; its handlers see every inbound byte from now on
     * @param <L> the layer's type
     * @return the layer
     * @throws MisuseException if not called by a coroutine of the owning machine, on a codec context, or if a
     *     layer of the same class is there already
     */
    public <L extends StreamLayer> L addLayer(L layer) {
        Objects.requireNonNull(layer, "layer");
        own("addLayer");
        requireBytes("addLayer");
        if (layer(layer.getClass()) != null) {
            throw new MisuseException("this IO context has a " + layer.getClass().getSimpleName() + " layer already.");
        }
        if (layers == null) {
            layers = new Layers();
        }
        layers.add(this, layer);
        return layer;
    }

    /**
     * The layer of a class added to this context.
     *
     * @param type the layer's class
     * @param <L> its type
     * @return the layer, or null if none of that class was added
     */
    public <L extends StreamLayer> L layer(Class<L> type) {
        return layers == null ? null : layers.find(type);
    }

    /**
     * The allocator of this connection's buffers, for a layer's handlers (an {@code SslHandler} is made
     * with one).
     *
     * @return the allocator
     */
    public ByteBufAllocator alloc() {
        return channel.alloc();
    }

    /**
     * The Netty channel.
     *
     * @return the channel
     * @deprecated a layer uses {@link #addLayer(StreamLayer)}, {@link #alloc()} and {@link #reset()}
     */
    @Deprecated(forRemoval = true)
    public Channel channel() {
        return channel;
    }

    // ---- options and addresses ----

    /**
     * The connection's socket options: TCP_NODELAY, keepalive, TCP_USER_TIMEOUT, linger, any Netty option.
     *
     * @return the options of this connection
     */
    public SocketOptions socket() {
        return new SocketOptions(channel);
    }

    /** {@return the local address} */
    public SocketAddress localAddress() {
        return channel.localAddress();
    }

    /** {@return the peer's address} */
    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    // ---- checks ----

    private Coroutine own(String call) {
        Coroutine c = Coroutine.current();
        Machine m = owner;
        if (c == null || m == null || c.machine() != m) {
            throw new MisuseException(call + " on an IO context " + (m == null ? "that is detached; attach it first"
                    : "of machine '" + m.name() + "' from " + (c == null ? "thread '" + Thread.currentThread().getName()
                    + "'" : "machine '" + c.machine().name() + "'") + "; detach and attach it to move it") + ".");
        }
        return c;
    }

    private void requireBytes(String call) {
        if (input.objectMode) {
            throw new MisuseException(call + " reads bytes, but this context has a codec: use readObject.");
        }
    }

    void throwIfFailed(String what) {
        Throwable e = adapter.error;
        if (e != null) {
            throw NettyWaits.failure(what + " on " + remoteAddress(), e);
        }
    }

    @Override
    public String toString() {
        return "io " + localAddress() + " -> " + remoteAddress();
    }
}
