package io.machinarium.net;

import io.machinarium.core.CancelledException;
import io.machinarium.core.ClosedException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.IoFailedException;
import io.machinarium.core.Machine;
import io.machinarium.core.MisuseException;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.spi.Blocker;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ServerChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.UnixChannelOption;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * A listening socket on one machine (machinarium's bind + accept). Accepted connections wait in a
 * queue until a coroutine takes them; each can be attached to the accepting machine or handed,
 * detached, to another machine — the acceptor/worker shape of Odyssey:
 *
 * <pre>{@code
 * Listener listener = Listener.bind(new InetSocketAddress("127.0.0.1", 6432), ListenOptions.defaults());
 * for (;;) {
 *     IoContext client = listener.acceptDetached(null);
 *     workers.write(client);            // a worker coroutine calls client.attach()
 * }
 * }</pre>
 *
 * <p>Accept errors are transient: when accepting fails (EMFILE, too many open files, say), the listener
 * counts the error ({@link #acceptErrors()}), reports the first error of a run to one accept call, pauses
 * and tries again by itself, with a pause that doubles from 10 ms to 1 s while the errors go on; once the
 * resource is back, it accepts as before. An accept loop catches {@link IoFailedException}, logs it, and
 * goes on accepting.
 *
 * <p>An accept loop that must stop on an event — without cancelling its coroutine — is woken by
 * {@link #wakeUp()} from any thread:
 *
 * <pre>{@code
 * while (!stopping.get()) {
 *     try {
 *         workers.write(listener.acceptDetached(null));
 *     } catch (WokenException e) {
 *         // stopping was set before the wake-up: the loop condition sees it
 *     } catch (IoFailedException e) {
 *         log.warn("accepting failed, retrying: {}", e.getMessage());
 *     }
 * }
 * }</pre>
 *
 * <p>Machine-confined to the machine whose coroutine bound it, but for {@link #wakeUp()},
 * {@link #acceptErrors()}, {@link #localAddress()} and {@link #close()}.
 *
 * @since 0.1.0
 */
public final class Listener implements AutoCloseable {
    private static final int MAX_QUEUED = 4096;

    private final ServerChannel server;
    private final Machine owner;
    private final ListenOptions options;
    private final ArrayDeque<Channel> accepted = new ArrayDeque<>();
    private final AcceptBackoff backoff;
    private final WakeUp wakeUp = new WakeUp();
    /** A Unix listener's path, which {@link #localAddress()} names (the socket is bound under a private name). */
    private final SocketAddress served;
    private Blocker waiter;
    private long waiterTicket;
    /** The first accept error of a run, until an accept call has thrown it. */
    private Throwable unreported;

    private Listener(ServerChannel server, Machine owner, ListenOptions options, SocketAddress served) {
        this.server = server;
        this.owner = owner;
        this.options = options;
        this.served = served;
        this.backoff = new AcceptBackoff(owner, this::resumeAccepting);
    }

    /**
     * Binds and listens on an address (TCP, or a Unix socket path) with the given options.
     *
     * <p>A Unix socket's path must hold nothing or a <em>stale</em> socket (a socket file nobody listens on,
     * left by a process that died), which is replaced; anything else there — a regular file, a directory, a
     * FIFO, a device, a symbolic link, a socket another process listens on — is refused and left as it was.
     * The listener owns the socket file it creates: closing it (or its machine stopping) removes the file if
     * it is still that socket, and leaves alone whatever another process has put at the path meanwhile.
     *
     * @param address where to listen; port 0 picks a free port (see {@link #localAddress()})
     * @param options backlog, SO_REUSEADDR / SO_REUSEPORT and options of accepted connections
     * @return the listener, owned by the caller's machine
     * @throws ListenFailedException if the address cannot be bound (taken, not this host's, a Unix path that
     *     holds something other than a stale socket); its message is one line that names the address and why
     * @throws CancelledException if the coroutine is or gets cancelled while binding
     * @throws MisuseException if called outside a coroutine
     */
    public static Listener bind(SocketAddress address, ListenOptions options) {
        Coroutine me = Confinement.requireCoroutine("Listener.bind");
        SocketAddress target = Transports.normalize(address);
        UnixSocketFile file = Transports.isUnix(target) ? ownedFile(address, (DomainSocketAddress) target) : null;
        ServerChannel server = Transports.server(me.machine().transport(), target);
        Listener l = new Listener(server, me.machine(), options, file != null ? target : null);
        server.config().setOption(ChannelOption.SO_BACKLOG, options.backlog());
        if (!Transports.isUnix(target)) {
            server.config().setOption(ChannelOption.SO_REUSEADDR, options.reuseAddress());
            if (options.reusePort() && !server.config().setOption(UnixChannelOption.SO_REUSEPORT, true)) {
                throw new MisuseException("SO_REUSEPORT needs the epoll transport");
            }
        }
        server.pipeline().addLast(l.new Acceptor());
        try {
            NettyWaits.sync(me.machine().eventLoop().register(server), Blocker.NO_DEADLINE, null, "listener registration");
            SocketAddress at = file != null ? file.bindAddress() : target;
            try {
                NettyWaits.sync(server.bind(at), Blocker.NO_DEADLINE, null, "bind to " + address);
            } catch (IoFailedException e) {
                IOException cause = e.getCause();
                throw new ListenFailedException(address, shown(address, target), cause != null
                        && cause.getMessage() != null ? cause.getMessage() : e.getMessage(), cause);
            }
            if (file != null) {
                file.linkIntoPlace();
                server.closeFuture().addListener(f -> file.release());  // however it closes: close(), its machine
            }
        } catch (RuntimeException e) {
            server.close();
            if (file != null) {
                file.abandon();
            }
            throw e;
        }
        return l;
    }

    /** The socket file of a Unix listener, claimed; null for Linux's abstract names, which are no files. */
    private static UnixSocketFile ownedFile(SocketAddress given, DomainSocketAddress target) {
        String p = target.path();
        return p.isEmpty() || p.charAt(0) == 0 ? null : UnixSocketFile.claim(given, Path.of(p));
    }

    private static String shown(SocketAddress given, SocketAddress target) {
        return target instanceof DomainSocketAddress d ? d.path() : String.valueOf(given);
    }

    /**
     * Binds with {@link ListenOptions#defaults()}.
     *
     * @param address where to listen
     * @return the listener
     */
    public static Listener bind(SocketAddress address) {
        return bind(address, ListenOptions.defaults());
    }

    /**
     * Accepts a connection and attaches it to the calling (listening) machine.
     *
     * @param timeout how long to wait at most; null waits forever
     * @return the connection
     * @throws TimedOutException if no connection arrived in time
     * @throws CancelledException if the coroutine is or gets cancelled
     * @throws ClosedException if the listener is closed
     * @throws WokenException if {@link #wakeUp()} was called (before or during the call)
     * @throws IoFailedException once for a run of accept errors (the cause says which); the listener
     *     retries by itself, so the next call may well succeed
     */
    public IoContext accept(Duration timeout) {
        IoContext io = acceptDetached(timeout);
        io.attach();
        return io;
    }

    /**
     * Accepts a connection without attaching it to any machine: pass it to another machine, which calls
     * {@link IoContext#attach()}. Nothing is read from it until then.
     *
     * <p>A pending {@link #wakeUp()} is taken first: the call then throws {@link WokenException} even if a
     * connection is queued (it stays queued). Queued connections go before an accept error: the error is
     * reported by a call that finds none.
     *
     * @param timeout how long to wait at most; null waits forever
     * @return the detached connection
     * @throws TimedOutException if no connection arrived in time
     * @throws CancelledException if the coroutine is or gets cancelled
     * @throws ClosedException if the listener is closed
     * @throws WokenException if {@link #wakeUp()} was called (before or during the call)
     * @throws IoFailedException once for a run of accept errors (the cause says which); the listener
     *     retries by itself, so the next call may well succeed
     */
    public IoContext acceptDetached(Duration timeout) {
        Coroutine me = own();
        Blocker.throwIfCancelled("accept");
        wakeUp.throwIfGiven("accept on ", localAddress());
        long deadline = Blocker.deadline(timeout);
        while (accepted.isEmpty()) {
            if (!server.isOpen()) {
                throw new ClosedException("the listener on " + localAddress() + " is closed");
            }
            Throwable error = unreported;
            if (error != null) {
                unreported = null;
                throw NettyWaits.failure("accept on " + localAddress() + " (" + backoff.errors()
                        + " accept error(s) so far; the listener retries by itself)", error);
            }
            long ticket = me.prepare(this);
            waiter = me;
            waiterTicket = ticket;
            Blocker.Outcome o = me.await(ticket, deadline);
            waiter = null;
            if (o == Blocker.Outcome.TIMED_OUT) {  // worded for the reader: "no connection arrived" is grepped for
                throw new TimedOutException("no connection arrived on " + localAddress() + " within " + timeout);
            }
            o.orThrow("accept on", localAddress(), timeout);
            wakeUp.throwIfGiven("accept on ", localAddress());
        }
        Channel child = accepted.poll();
        if (accepted.size() < MAX_QUEUED / 2) {
            resumeAccepting();
        }
        return new IoContext(child, options.io(), IoStats.of(owner.runtime()));
    }

    /**
     * Wakes the coroutine blocked in {@link #accept} or {@link #acceptDetached} on this listener: that call
     * throws {@link WokenException}, and the coroutine is not cancelled — its next accept blocks as usual.
     * If no call blocks, the wake-up is remembered and the next accept call throws at once; several
     * wake-ups before a call count as one. Never blocks; any thread.
     */
    public void wakeUp() {
        wakeUp.give();
        if (Machine.current() == owner) {
            wake();
        } else {
            try {
                owner.execute(this::wake);
            } catch (io.machinarium.core.RejectedException e) {
                // the machine has ended: nothing blocks here any more
            }
        }
    }

    /**
     * Accept errors since the listener was bound: each failed attempt counts, also those not reported
     * to an accept call. Any thread.
     *
     * @return the count
     */
    public long acceptErrors() {
        return backoff.errors();
    }

    /** Accepts again, unless a back-off pause runs, the queue is full or the listener is closed. */
    private void resumeAccepting() {
        if (server.isOpen() && !backoff.isPaused() && accepted.size() < MAX_QUEUED && !server.config().isAutoRead()) {
            server.config().setAutoRead(true);
        }
    }

    /**
     * The address the listener serves: for TCP the bound address, with the real port when bound to port 0; for
     * a Unix socket its path (as a {@code DomainSocketAddress}). Any thread.
     *
     * @return the address
     */
    public SocketAddress localAddress() {
        return served != null ? served : server.localAddress();
    }

    /** Stops listening and closes connections accepted but not yet taken; wakes a waiting accept. */
    @Override
    public void close() {
        if (Machine.current() == owner) {
            closeNow();
        } else {
            server.eventLoop().execute(this::closeNow);
        }
    }

    private void closeNow() {
        backoff.cancel();
        server.close();
        for (Channel c; (c = accepted.poll()) != null; ) {
            c.unsafe().close(c.unsafe().voidPromise());
        }
        wake();
    }

    private Coroutine own() {
        Coroutine c = Coroutine.current();
        if (c == null || c.machine() != owner) {
            throw new MisuseException("a listener belongs to machine '" + owner.name()
                    + "'; accept from one of its coroutines.");
        }
        return c;
    }

    private void wake() {
        Blocker w = waiter;
        if (w != null) {
            waiter = null;
            w.wake(waiterTicket);
        }
    }

    @Override
    public String toString() {
        return "listener " + localAddress();
    }

    /** Queues accepted channels (unregistered) instead of registering them like ServerBootstrap does. */
    private final class Acceptor extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Channel child = (Channel) msg;
            if (!server.isOpen()) {
                child.unsafe().close(child.unsafe().voidPromise());
                return;
            }
            accepted.add(child);
            backoff.succeeded();
            if (accepted.size() >= MAX_QUEUED) {
                server.config().setAutoRead(false);
            }
            wake();
        }

        /** An accept failed: pause, retry later, and report the first of a run to one accept call. */
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            server.config().setAutoRead(false);
            if (backoff.failed()) {
                unreported = cause;
                wake();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            wake();
        }
    }
}
