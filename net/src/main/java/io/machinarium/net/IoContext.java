package io.machinarium.net;

import io.machinarium.core.Coroutine;
import io.machinarium.core.IoFailedException;
import io.machinarium.core.Machine;
import io.machinarium.core.MisuseException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
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
 * <p>This class is the facade; each mechanism has its file: opening ({@code Connecting}, {@code ChannelSetup}),
 * the readahead and reads ({@code Readahead}), writes ({@code Writing}), half-close, close and reset
 * ({@code GracefulClose}), who hears of the close ({@code CloseWatch}), moving between machines
 * ({@code Migration}), stream layers ({@link StreamLayer}, {@code Layers}), the machine-confinement checks
 * ({@code Confinement}) and Netty's events ({@code IoAdapter}).
 *
 * <p>Reads and writes, and their blocking contract, are those of {@link IoStream}.
 *
 * <p>Machine-confined: every call but {@link #close()}, {@link #reset()} and {@link #wakeUp()} must come from
 * a coroutine of the owning machine, else {@link MisuseException}. To move a connection to another machine,
 * {@link #detach()} it, pass it (e.g. through a channel), and {@link #attach()} it there; buffered bytes
 * travel along.
 *
 * @since 0.1.0
 */
public final class IoContext implements IoStream, AutoCloseable {
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
        ChannelSetup.prepare(this, channel, options);
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
     * or Netty's {@code DomainSocketAddress}), suspending the calling coroutine meanwhile. On a timeout or a
     * cancellation the attempt is aborted.
     *
     * @param address where to connect
     * @param timeout how long to wait at most; null waits forever
     * @param options buffering, codec and socket options
     * @return the connected context, attached to the caller's machine
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

    // ---- reading ----

    @Override
    public ByteBuf read(int n, Duration timeout) {
        Coroutine me = Confinement.startRead(this, "read", true);
        if (n < 0) {
            throw new IllegalArgumentException("cannot read " + n + " bytes");
        }
        return input.read(me, n, timeout);
    }

    @Override
    public ByteBuf readSome(Duration timeout) {
        return input.readSome(Confinement.startRead(this, "readSome", true), timeout);
    }

    @Override
    public int readSome(byte[] dst, Duration timeout) {
        return input.readSome(Confinement.startRead(this, "readSome", true), dst, timeout);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T readObject(Duration timeout) {
        return (T) input.readObject(Confinement.startRead(this, "readObject", false), timeout);
    }

    @Override
    public int pending() {
        Confinement.own(this, "pending");
        return input.waiting();
    }

    @Override
    public void wakeUp() {
        wakeUp.give();
        input.deliverWakeUp();
    }

    // ---- writing ----

    @Override
    public void write(ByteBuf buf, Duration timeout) {
        queue(buf, timeout);
        output.flush();
    }

    @Override
    public void writev(Duration timeout, ByteBuf... bufs) {
        Coroutine me;
        try {
            me = Confinement.own(this, "write");
        } catch (RuntimeException e) {
            for (ByteBuf b : bufs) {
                ReferenceCountUtil.release(b);
            }
            throw e;
        }
        output.writev(me, timeout, bufs);
    }

    @Override
    public void writeObject(Object message, Duration timeout) {
        queue(message, timeout);
        output.flush();
    }

    @Override
    public void queue(Object message, Duration timeout) {
        Coroutine me;
        try {
            me = Confinement.own(this, "write");
        } catch (RuntimeException e) {
            ReferenceCountUtil.release(message);
            throw e;
        }
        output.queue(me, message, timeout);
    }

    @Override
    public void flush() {
        Confinement.own(this, "flush");
        output.flush();
    }

    @Override
    public long unsent() {
        Confinement.own(this, "unsent");
        return output.unsent();
    }

    @Override
    public void drain(Duration timeout) {
        Confinement.own(this, "drain");
        output.drain(timeout);
    }

    @Override
    public void shutdownOutput(Duration timeout) {
        Confinement.own(this, "shutdownOutput");
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
        GracefulClose.reset(this);
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
     */
    public void onClose(Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        closeWatch.add(Confinement.own(this, "onClose").machine(), callback);
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
     */
    public void detach() {
        Confinement.own(this, "detach");
        Migration.detach(this);
    }

    /**
     * Attaches a detached (or never attached) connection to the calling coroutine's machine.
     *
     * @throws MisuseException if it is attached already, or called outside a coroutine
     */
    public void attach() {
        Migration.attach(this, Confinement.requireCoroutine("IoContext.attach"));
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
        Confinement.own(this, "addLayer");
        Confinement.requireBytes(this, "addLayer");
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

    /** {@return the allocator of this connection's buffers, for a layer's handlers (an {@code SslHandler})} */
    public ByteBufAllocator alloc() {
        return channel.alloc();
    }

    /**
     * The Netty channel, kept only for tests that inspect its pipeline or outbound buffer; no main source uses it.
     *
     * @return the channel
     * @deprecated a layer uses {@link #addLayer(StreamLayer)}, {@link #alloc()} and {@link #reset()}
     */
    @Deprecated(forRemoval = true)
    public Channel channel() {
        return channel;
    }

    // ---- options and addresses ----

    /** {@return the connection's socket options: TCP_NODELAY, keepalive, TCP_USER_TIMEOUT, linger, any Netty option} */
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
