package io.machinarium.net;

import io.machinarium.core.Blocker;
import io.machinarium.core.CancelledException;
import io.machinarium.core.ClosedException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.IoFailedException;
import io.machinarium.core.Machine;
import io.machinarium.core.MisuseException;
import io.machinarium.core.TimedOutException;
import io.machinarium.net.dns.Resolver;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.function.Supplier;

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
 * <p>Machine-confined: every call but {@link #close()} must come from a coroutine of the owning machine,
 * else {@link MisuseException}. To move a connection to another machine, {@link #detach()} it, pass it
 * (e.g. through a channel), and {@link #attach()} it there; buffered bytes travel along.
 *
 * <p>Buffers: a {@code ByteBuf} returned by a read belongs to the caller, who releases it. A
 * {@code ByteBuf} passed to a write belongs to the context from then on, also when the write throws.
 * The byte-array methods copy and need no releasing.
 */
public final class IoContext implements AutoCloseable {
    static final String ADAPTER = "machinarium-io";

    /**
     * Channel attribute for a layer above the socket that has its own end of stream, like TLS's
     * close_notify: {@link #shutdownOutput(Duration)} runs it (and waits for its future) before shutting the
     * socket's output, and {@link #close()} runs it before waiting for written bytes to leave. Set on the
     * owning machine by the layer when it is put in place; the supplier runs on that machine's loop.
     */
    public static final AttributeKey<Supplier<ChannelFuture>> END_OF_OUTPUT =
            AttributeKey.valueOf("machinarium.endOfOutput");

    private final Channel channel;
    private final IoAdapter adapter;
    private final IoOptions options;
    private final WakeUp wakeUp = new WakeUp();
    private volatile Machine owner;
    private boolean closing;

    IoContext(Channel channel, IoOptions options) {
        this.channel = channel;
        this.options = options;
        this.adapter = new IoAdapter(options.codec() != null, options.readaheadHigh(), options.readaheadLow());
        IoStats.OPENED.increment();
        channel.closeFuture().addListener(f -> IoStats.CLOSED.increment());
        ChannelConfig cfg = channel.config();
        cfg.setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        cfg.setWriteBufferWaterMark(new WriteBufferWaterMark(options.writeLow(), options.writeHigh()));
        // Netty 4.2's epoll transport is level-triggered only, so turning autoRead off stops reading at
        // once and readahead stays near its high-water mark; one read delivers at most MAX_READ bytes.
        cfg.setRecvByteBufAllocator(new AdaptiveRecvByteBufAllocator(64, 2048, IoAdapter.MAX_READ));
        if (channel instanceof SocketChannel && options.noDelay()) {
            cfg.setOption(ChannelOption.TCP_NODELAY, true);
        }
        if (options.codec() != null) {
            for (ChannelHandler h : options.codec().get()) {
                channel.pipeline().addLast(h);
            }
        }
        channel.pipeline().addLast(ADAPTER, adapter);
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
        Coroutine me = requireCoroutine("IoContext.connect");
        Blocker.throwIfCancelled("connect to " + address);
        long deadline = Blocker.deadline(timeout);
        SocketAddress target = Transports.normalize(address);
        IoContext io = new IoContext(Transports.socket(me.machine().transport(), target), options);
        try {
            io.register(me.machine(), deadline, timeout);
            ChannelFuture f = io.channel.connect(target);
            Blocker.Outcome o = Blocker.awaitFuture(f, deadline, "connect to " + address);
            if (o == Blocker.Outcome.TIMED_OUT) {
                IoStats.ERRORS.increment();
                throw new TimedOutException("connect to " + address + " did not complete within " + timeout);
            }
            if (o == Blocker.Outcome.CANCELLED) {
                throw new CancelledException("connect to " + address + " was cancelled");
            }
            if (!f.isSuccess()) {
                IoStats.ERRORS.increment();
                throw NettyWaits.failure("connect to " + address, f.cause());
            }
            return io;
        } catch (RuntimeException e) {
            io.abort();
            throw e;
        }
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
        requireCoroutine("IoContext.connect");
        long deadline = Blocker.deadline(timeout);
        java.util.List<java.net.InetAddress> addresses = (options.resolver() != null ? options.resolver()
                : Resolver.system()).resolve(host, timeout);
        RuntimeException last = null;
        for (java.net.InetAddress a : addresses) {
            Duration left = deadline == Blocker.NO_DEADLINE ? null
                    : Duration.ofNanos(Math.max(0, deadline - Blocker.now()));
            try {
                return connect(new java.net.InetSocketAddress(a, port), left, options);
            } catch (IoFailedException e) {
                last = e;
            }
        }
        throw last != null ? last : new IoFailedException("'" + host + "' resolved to no address",
                new java.net.UnknownHostException(host));
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

    void register(Machine m, long deadline, Duration timeout) {
        NettyWaits.sync(m.eventLoop().register(channel), deadline, timeout, "registration with machine " + m.name());
        owner = m;
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
        Coroutine me = own("read");
        requireBytes("read");
        if (n < 0) {
            throw new IllegalArgumentException("cannot read " + n + " bytes");
        }
        Blocker.throwIfCancelled("read");
        wakeUp.throwIfGiven("read from " + remoteAddress());
        long deadline = Blocker.deadline(timeout);
        while (adapter.pending() < n) {
            throwIfFailed("read of " + n + " bytes");
            if (adapter.eof) {
                throw new ClosedException("the peer closed the connection after " + adapter.pending() + " of "
                        + n + " bytes; they stay readable");
            }
            awaitReadable(me, n, deadline, timeout);
        }
        ByteBuf out = n == 0 ? Unpooled.EMPTY_BUFFER : adapter.bytes.readRetainedSlice(n);
        consumed();
        return out;
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
        Coroutine me = own("readSome");
        requireBytes("readSome");
        Blocker.throwIfCancelled("read");
        wakeUp.throwIfGiven("read from " + remoteAddress());
        long deadline = Blocker.deadline(timeout);
        while (adapter.pending() == 0) {
            throwIfFailed("read");
            if (adapter.eof) {
                return null;
            }
            awaitReadable(me, 1, deadline, timeout);
        }
        ByteBuf out = adapter.bytes;
        adapter.bytes = null;
        consumed();
        return out;
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
        Coroutine me = own("readSome");
        requireBytes("readSome");
        Blocker.throwIfCancelled("read");
        wakeUp.throwIfGiven("read from " + remoteAddress());
        long deadline = Blocker.deadline(timeout);
        while (adapter.pending() == 0) {
            throwIfFailed("read");
            if (adapter.eof) {
                return -1;
            }
            awaitReadable(me, 1, deadline, timeout);
        }
        int n = Math.min(dst.length, adapter.pending());
        adapter.bytes.readBytes(dst, 0, n);
        consumed();
        return n;
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
        Coroutine me = own("readObject");
        if (!adapter.objectMode) {
            throw new MisuseException("readObject needs a codec: open the context with IoOptions.withCodec.");
        }
        Blocker.throwIfCancelled("read");
        wakeUp.throwIfGiven("read from " + remoteAddress());
        long deadline = Blocker.deadline(timeout);
        while (adapter.objects.isEmpty()) {
            throwIfFailed("read");
            if (adapter.inputError != null) {
                throw NettyWaits.failure("read from " + remoteAddress() + ": the codec rejected the input",
                        adapter.inputError);
            }
            if (adapter.eof) {
                return null;
            }
            awaitReadable(me, 1, deadline, timeout);
        }
        T out = (T) adapter.objects.poll();
        consumed();
        return out;
    }

    /**
     * Bytes (or, with a codec, decoded objects) that arrived and were not read yet: machinarium's
     * read-pending.
     *
     * @return the count
     */
    public int pending() {
        own("pending");
        return adapter.objectMode ? adapter.objects.size() : adapter.pending();
    }

    private void awaitReadable(Coroutine me, int needs, long deadline, Duration timeout) {
        long ticket = me.prepare(this);
        adapter.awaitReadable(me, ticket, needs);
        Blocker.Outcome o = me.await(ticket, deadline);
        adapter.clearReader();
        if (o == Blocker.Outcome.TIMED_OUT) {
            throw new TimedOutException("read from " + remoteAddress() + " got no data within " + timeout);
        }
        if (o == Blocker.Outcome.CANCELLED) {
            throw new CancelledException("read from " + remoteAddress() + " was cancelled");
        }
        wakeUp.throwIfGiven("read from " + remoteAddress());
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
            adapter.wakeReader();
            return;
        }
        try {
            m.execute(() -> {
                if (owner != m) {
                    deliverWakeUp();
                } else if (wakeUp.isGiven()) {
                    adapter.wakeReader();
                }
            });
        } catch (io.machinarium.core.RejectedException e) {
            // the machine has ended, and every read on it
        }
    }

    private void consumed() {
        if (adapter.bytes != null && !adapter.bytes.isReadable()) {
            adapter.bytes.release();
            adapter.bytes = null;
        }
        adapter.afterRead();
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
        channel.flush();
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
        channel.flush();
    }

    /**
     * Writes and flushes an object for the codec's encoder (object mode), waiting while over the mark.
     *
     * @param message the object; ownership passes to the context
     * @param timeout how long to wait for room at most; null waits forever
     */
    public void writeObject(Object message, Duration timeout) {
        queue(message, timeout);
        channel.flush();
    }

    /**
     * Queues a message without flushing (then {@link #flush()}), waiting while over the mark.
     *
     * @param message bytes or, with a codec, an object; ownership passes to the context
     * @param timeout how long to wait for room at most; null waits forever
     */
    public void queue(Object message, Duration timeout) {
        try {
            Coroutine me = own("write");
            Blocker.throwIfCancelled("write");
            throwIfFailed("write");
            if (closing || !channel.isActive()) {
                throw new ClosedException("write to " + remoteAddress() + " failed: the connection is closed");
            }
            if (channel instanceof DuplexChannel d && d.isOutputShutdown()) {
                throw new ClosedException("write to " + remoteAddress() + " failed: the output is shut");
            }
            awaitWritable(me, Blocker.deadline(timeout), timeout);
        } catch (RuntimeException e) {
            ReferenceCountUtil.release(message);
            throw e;
        }
        if (message instanceof ByteBuf b) {
            IoStats.WRITTEN.add(b.readableBytes());
        } else if (message instanceof io.netty.buffer.ByteBufHolder h) {
            IoStats.WRITTEN.add(h.content().readableBytes());
        }
        channel.write(message, channel.voidPromise());
        throwIfFailed("write");  // a layer that refused the write at once (TLS after its end) said so here
    }

    /** Flushes queued writes to the socket. */
    public void flush() {
        own("flush");
        channel.flush();
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
        NettyWaits.sync(channel.writeAndFlush(Unpooled.EMPTY_BUFFER), Blocker.deadline(timeout), timeout,
                "drain of " + remoteAddress());
    }

    private void awaitWritable(Coroutine me, long deadline, Duration timeout) {
        if (channel.isWritable()) {
            return;
        }
        channel.flush();
        while (!channel.isWritable()) {
            throwIfFailed("write");
            if (!channel.isActive()) {
                throw new ClosedException("write to " + remoteAddress() + " failed: the connection is closed");
            }
            long ticket = me.prepare(this);
            adapter.awaitWritable(me, ticket);
            Blocker.Outcome o = me.await(ticket, deadline);
            adapter.clearWriter();
            if (o == Blocker.Outcome.TIMED_OUT) {
                throw new TimedOutException("write to " + remoteAddress() + " found no room within " + timeout);
            }
            if (o == Blocker.Outcome.CANCELLED) {
                throw new CancelledException("write to " + remoteAddress() + " was cancelled");
            }
        }
    }

    /**
     * Half-close: sends everything written so far, then the end of stream of any layer above the socket
     * (TLS's close_notify, see {@link #END_OF_OUTPUT}), then FIN; reading goes on. Later writes throw
     * {@link ClosedException}. Suspends until the bytes have left.
     *
     * @param timeout how long to wait for the written bytes to leave
     * @throws TimedOutException if they did not leave in time (the output is not shut)
     */
    public void shutdownOutput(Duration timeout) {
        drain(timeout);
        if (!(channel instanceof DuplexChannel d)) {
            throw new MisuseException("this connection type cannot half-close");
        }
        long deadline = Blocker.deadline(timeout);
        ChannelFuture endOfStream = endStream();
        if (endOfStream != null) {
            NettyWaits.sync(endOfStream, deadline, timeout, "end of the TLS output to " + remoteAddress());
        }
        NettyWaits.sync(d.shutdownOutput(), deadline, timeout, "half-close of " + remoteAddress());
        if (d.isInputShutdown()) {
            EpollInterest.letGo(channel);
        }
    }

    /**
     * Runs the layer's end-of-output step (TLS sends close_notify), if a layer above the socket set one in
     * the {@link #END_OF_OUTPUT} channel attribute. @return its future, or null if there is none
     */
    private ChannelFuture endStream() {
        Supplier<ChannelFuture> end = channel.hasAttr(END_OF_OUTPUT) ? channel.attr(END_OF_OUTPUT).get() : null;
        return end == null ? null : end.get();
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
        Machine m = owner;
        if (m != null && Machine.current() == m && Coroutine.current() != null) {
            if (closing) {
                return;
            }
            closing = true;
            boolean outputShut = channel instanceof DuplexChannel d && d.isOutputShutdown();
            if (channel.isActive() && adapter.error == null && !outputShut) {
                endStream();
            }
            if (channel.isActive() && adapter.error == null && !outputShut && !awaitSent()) {
                resetOnAbort();
            }
            abort();
        } else if (m != null) {
            channel.eventLoop().execute(() -> {
                if (unsentBytes() > 0) {
                    resetOnAbort();
                }
                abort();
            });
        } else {
            abort();
        }
    }

    /** Waits while written bytes keep leaving. @return whether all of them left */
    private boolean awaitSent() {
        ChannelFuture sent = channel.writeAndFlush(Unpooled.EMPTY_BUFFER);
        SendProgress progress = new SendProgress();
        try {
            for (progress.moved(channel.unsafe().outboundBuffer()); ; ) {
                Blocker.Outcome o = Blocker.awaitFuture(sent, Blocker.deadline(options.closeTimeout()), this);
                if (o != Blocker.Outcome.TIMED_OUT) {
                    return sent.isDone() && sent.isSuccess();
                }
                if (!progress.moved(channel.unsafe().outboundBuffer())) {
                    return false;  // nothing left for a whole close timeout: the peer does not read
                }
            }
        } catch (RuntimeException e) {
            return false;  // cancelled: closing anyway
        }
    }

    /** Written bytes not yet handed to the operating system; on the loop. */
    private long unsentBytes() {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }

    /**
     * Whether bytes left the outbound buffer since the last look. Its byte count drops only when a whole
     * message has left, so a partly sent message counts too: its readable bytes shrink as it goes.
     */
    private static final class SendProgress {
        private long total = Long.MAX_VALUE;
        private Object current;
        private int currentLeft;

        boolean moved(ChannelOutboundBuffer out) {
            long t = out == null ? 0 : out.totalPendingWriteBytes();
            Object c = out == null ? null : out.current();
            int left = c instanceof ByteBuf b ? b.readableBytes() : 0;
            boolean moved = t < total || c != current || left < currentLeft;
            total = t;
            current = c;
            currentLeft = left;
            return moved;
        }
    }

    /** Makes the coming close a reset: the peer must not see a clean end of a stream cut short. */
    private void resetOnAbort() {
        if (channel.isOpen() && channel instanceof SocketChannel) {
            try {
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
            } catch (RuntimeException e) {
                // closed meanwhile
            }
        }
    }

    /** Closes at once, discarding unsent bytes, and frees the buffered input; on the loop or while detached. */
    void abort() {
        closing = true;
        if (channel.isRegistered()) {
            channel.close();
        } else {
            channel.unsafe().close(channel.unsafe().voidPromise());
        }
        adapter.release();
    }

    /** {@return whether the connection is open (a snapshot)} */
    public boolean isOpen() {
        return channel.isOpen() && !closing;
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
        EventLoop old = channel.eventLoop();
        NettyWaits.sync(channel.deregister(), Blocker.NO_DEADLINE, null, "detach of " + remoteAddress());
        // Tasks the old loop still holds for this channel run before the context leaves it.
        Promise<Void> barrier = old.newPromise();
        old.execute(() -> barrier.setSuccess(null));
        Blocker.awaitFuture(barrier, Blocker.NO_DEADLINE, this);
        owner = null;
    }

    /**
     * Attaches a detached (or never attached) connection to the calling coroutine's machine.
     *
     * @throws MisuseException if it is attached already, or called outside a coroutine
     */
    public void attach() {
        Coroutine me = requireCoroutine("IoContext.attach");
        if (owner != null) {
            throw new MisuseException("this IO context is already attached to machine '" + owner.name() + "'.");
        }
        if (!channel.isOpen()) {
            owner = me.machine();
            adapter.eof = true;
            return;
        }
        register(me.machine(), Blocker.NO_DEADLINE, null);
    }

    /** {@return the machine the context is attached to, or null while detached} */
    public Machine machine() {
        return owner;
    }

    // ---- options and addresses ----

    /**
     * Sets TCP_NODELAY.
     *
     * @param on whether to send small writes at once
     * @return this context
     */
    public IoContext noDelay(boolean on) {
        return option(ChannelOption.TCP_NODELAY, on);
    }

    /**
     * Turns TCP keepalive on with the given timing, and sets TCP_USER_TIMEOUT to the advised value
     * (epoll only for the timing; see {@link Keepalive#advisedUserTimeout()}).
     *
     * @param k the keepalive timing
     * @return this context
     */
    public IoContext keepAlive(Keepalive k) {
        SocketOptions.keepAlive(channel, k);
        return this;
    }

    /**
     * Sets TCP_USER_TIMEOUT: how long sent data may stay unacknowledged before the connection is dropped.
     *
     * @param timeout the timeout
     * @return this context
     * @throws MisuseException on a transport that cannot set it (NIO)
     */
    public IoContext userTimeout(Duration timeout) {
        SocketOptions.userTimeout(channel, timeout);
        return this;
    }

    /**
     * Sets SO_LINGER to 0: {@link #close()} then resets the connection instead of a graceful FIN.
     *
     * @return this context
     */
    public IoContext lingerZero() {
        return option(ChannelOption.SO_LINGER, 0);
    }

    /**
     * Sets any Netty channel option.
     *
     * @param option the option
     * @param value its value
     * @param <T> the value type
     * @return this context
     * @throws IllegalArgumentException if the transport does not support it
     */
    public <T> IoContext option(ChannelOption<T> option, T value) {
        if (!channel.config().setOption(option, value)) {
            throw new IllegalArgumentException("option " + option + " is not supported by " + channel.getClass().getSimpleName());
        }
        return this;
    }

    /**
     * Reads a Netty channel option.
     *
     * @param option the option
     * @param <T> the value type
     * @return its value, or null if unsupported
     */
    public <T> T option(ChannelOption<T> option) {
        return channel.config().getOption(option);
    }

    /** {@return the local address} */
    public SocketAddress localAddress() {
        return channel.localAddress();
    }

    /** {@return the peer's address} */
    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    /**
     * Adds a handler closest to the socket — a TLS handler upgrading the connection in place — and
     * feeds it the bytes already read ahead, so that nothing the peer sent before the upgrade (its first
     * TLS bytes, say) is lost or read as plaintext. Bytes-mode contexts only.
     *
     * @param name the handler's name in the pipeline
     * @param handler the handler; it sees every inbound byte from now on
     * @throws MisuseException if not called by a coroutine of the owning machine, or on a codec context
     */
    public void insertFirst(String name, ChannelHandler handler) {
        own("insertFirst");
        requireBytes("insertFirst");
        channel.pipeline().addFirst(name, handler);
        ByteBuf buffered = adapter.bytes;
        if (buffered != null) {
            adapter.bytes = null;
            channel.pipeline().fireChannelRead(buffered);
            channel.pipeline().fireChannelReadComplete();
        }
    }

    /**
     * The Netty channel, for adding handlers (a TLS upgrade, a codec) on the owning machine.
     *
     * @return the channel
     */
    public Channel channel() {
        return channel;
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
        if (adapter.objectMode) {
            throw new MisuseException(call + " reads bytes, but this context has a codec: use readObject.");
        }
    }

    private void throwIfFailed(String what) {
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
