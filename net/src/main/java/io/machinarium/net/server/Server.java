package io.machinarium.net.server;

import io.machinarium.core.CoroutineFailedException;
import io.machinarium.core.Machine;
import io.machinarium.core.MachinariumException;
import io.machinarium.core.RejectedException;
import io.machinarium.core.Task;
import io.machinarium.core.TimedOutException;
import io.machinarium.net.Listener;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A running server in Odyssey's shape: an acceptor machine accepts on one or more listeners (TCP and Unix
 * sockets) and hands each connection, detached, to a worker machine, where the connection gets a coroutine of
 * its own that runs the program's {@link ConnectionHandler} and then closes it. A connection limit, accept
 * errors that are transient (told once per run of errors), counters, and a graceful shutdown.
 *
 * <pre>{@code
 * try (Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(3).build())) {
 *     Server server = Server.builder("echo")
 *             .acceptor(rt.machine(0))
 *             .workers(rt.machines().subList(1, 3))
 *             .listen("tcp", new InetSocketAddress("127.0.0.1", 7000))
 *             .maxConnections(10_000)
 *             .start(io -> {
 *                 for (ByteBuf b = io.readSome(null); b != null; b = io.readSome(null)) {
 *                     io.write(b);             // the write owns and releases the buffer
 *                 }
 *             });                             // the server closes the connection when the handler returns
 *     System.out.println("listening on " + server.address());
 *     awaitTheSignal();
 *     DrainReport r = server.shutdown(Duration.ofSeconds(5));   // stop accepting, drain, force the rest
 *     System.out.println(r.forced() + " connection(s) forced");
 * }
 * }</pre>
 *
 * <p>Lifetimes are structured ({@link io.machinarium.core.Scope}): the server's own coroutine on the acceptor
 * ({@code server NAME}) owns a scope of accept loops ({@code accept LISTENER}) and a scope of connections
 * ({@code client HOST:PORT}, on the workers). One connection's failure ends only that connection — it is told to
 * {@link ServerEvents#connectionFailed} — never the server or its other connections. If the acceptor machine
 * or the runtime stops, every connection is cancelled with the server.
 *
 * <p>Shutdown: {@link #shutdown(Duration)} stops accepting (the ports refuse connections from then on), lets
 * the open connections finish within the grace, then cancels those still open — their blocking calls throw
 * {@link io.machinarium.core.CancelledException} at once, and a cancelled close resets rather than waits — and
 * gives them {@link #CANCEL_WAIT} to end. It returns at most {@code grace + CANCEL_WAIT} after it was called,
 * whatever the handlers do, and says in its {@link DrainReport} how many were forced and how many had not
 * ended even then (a handler that never blocks).
 *
 * <p>Thread safety: every method may be called from any thread or coroutine, but not from one of the server's
 * own connections (a shutdown from there would wait for itself).
 *
 * @since 0.1.0
 */
public final class Server implements AutoCloseable {
    /**
     * How long a {@linkplain #shutdown shutdown} waits, once the grace is over, for the connections it
     * cancelled to end: a cancelled coroutine ends within a pass of its machine unless its handler never
     * blocks, so this is the margin a shutdown may take past its grace.
     */
    public static final Duration CANCEL_WAIT = Duration.ofSeconds(1);

    private final String name;
    private final List<ServerLifetime.Bound> listeners;
    private final List<SocketAddress> addresses;
    private final ServerCounters counters;
    private final ServerLifetime lifetime;
    private final Task<Void> life;

    private Server(String name, List<ServerLifetime.Bound> listeners, ServerCounters counters,
                   ServerLifetime lifetime, Task<Void> life) {
        this.name = name;
        this.listeners = listeners;
        this.addresses = listeners.stream().map(b -> b.listener().localAddress()).toList();
        this.counters = counters;
        this.lifetime = lifetime;
        this.life = life;
    }

    /**
     * Starts describing a server.
     *
     * @param name the server's name: its coroutine is {@code server NAME}
     * @return a builder; {@link ServerBuilder#start} starts the server
     */
    public static ServerBuilder builder(String name) {
        return new ServerBuilder(name);
    }

    static Server start(String name, Machine acceptor, List<Machine> workers, List<ServerBuilder.Listen> listens,
                        WorkerBalance balance, long limit, ServerEvents events, ConnectionHandler handler) {
        List<ServerLifetime.Bound> bound = bindAll(name, acceptor, listens);
        ServerCounters counters = new ServerCounters();
        ServerLifetime lifetime = new ServerLifetime();
        HandOff handOff = new HandOff(new Workers(workers, balance), handler, events, counters, limit);
        Task<Void> life;
        try {
            life = acceptor.spawnTask("server " + name, () -> {
                lifetime.run(acceptor, bound, handOff, events);
                return null;
            });
        } catch (RejectedException e) {
            bound.forEach(b -> closeQuietly(b.listener()));
            throw e;
        }
        return new Server(name, bound, counters, lifetime, life);
    }

    /** Binds the listeners on the acceptor, in order; on a failure closes those bound and throws it. */
    private static List<ServerLifetime.Bound> bindAll(String name, Machine acceptor, List<ServerBuilder.Listen> listens) {
        Task<List<ServerLifetime.Bound>> binding = acceptor.spawnTask("bind " + name, () -> {
            List<ServerLifetime.Bound> out = new ArrayList<>(listens.size());
            try {
                for (ServerBuilder.Listen l : listens) {
                    out.add(new ServerLifetime.Bound(l.name(), Listener.bind(l.address(), l.options())));
                }
            } catch (RuntimeException e) {
                out.forEach(b -> b.listener().close());
                throw e;
            }
            return out;
        });
        try {
            return binding.join();
        } catch (CoroutineFailedException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        } catch (RuntimeException e) {  // the caller was cancelled meanwhile: the listeners must not outlive it
            binding.cancel();
            acceptor.spawn("unbind " + name, () -> binding.join().forEach(b -> b.listener().close()));
            throw e;
        }
    }

    /** {@return the server's name} */
    public String name() {
        return name;
    }

    /** {@return where the first listener listens (a TCP address with its real port; a Unix socket's path)} */
    public SocketAddress address() {
        return addresses.get(0);
    }

    /** {@return where each listener listens, in the order they were added} */
    public List<SocketAddress> addresses() {
        return addresses;
    }

    /**
     * Where a listener listens.
     *
     * @param listener the listener's name
     * @return its address
     * @throws IllegalArgumentException if the server has no listener of that name
     */
    public SocketAddress address(String listener) {
        for (int i = 0; i < listeners.size(); i++) {
            if (listeners.get(i).name().equals(listener)) {
                return addresses.get(i);
            }
        }
        throw new IllegalArgumentException("server '" + name + "' has no listener named '" + listener + "'");
    }

    /** {@return connections being served now (handed to a worker and not ended): what the limit counts} */
    public long active() {
        return counters.active();
    }

    /** {@return connections handed to workers since the server started} */
    public long total() {
        return counters.total();
    }

    /** {@return connections refused over the limit since the server started} */
    public long refused() {
        return counters.refused();
    }

    /** {@return accept errors of every listener since the server started, each retry counted} */
    public long acceptErrors() {
        return listeners.stream().mapToLong(b -> b.listener().acceptErrors()).sum();
    }

    /**
     * Stops accepting: every listener is closed, so its port refuses connections from then on; connections
     * accepted before go on being served. Waits until the listeners are closed; if that takes longer than
     * {@code timeout} (the acceptor machine is held up), asks their machine to close them and returns.
     * Stopping twice does nothing more.
     *
     * @param timeout how long to wait at most
     * @throws io.machinarium.core.CancelledException if the calling coroutine is cancelled while it waits
     */
    public void stopAccepting(Duration timeout) {
        lifetime.requestStopAccepting();
        if (!lifetime.awaitAcceptingStopped(timeout)) {
            listeners.forEach(b -> closeQuietly(b.listener()));
        }
    }

    /**
     * Shuts the server down gracefully: stops accepting (see {@link #stopAccepting}), lets the connections open
     * then finish within {@code grace}, cancels those still open when it is over and waits {@link #CANCEL_WAIT}
     * for them to end. Stopping to accept and the drain share the grace. Returns at most
     * {@code grace + CANCEL_WAIT} after the call. A later call (or {@link #close()}) keeps the first call's
     * grace and reports what it did.
     *
     * @param grace how long open connections may take to finish; zero cancels them at once
     * @return how many connections were open, forced, and still running when it returned
     * @throws IllegalArgumentException if the grace is negative
     * @throws io.machinarium.core.CancelledException if the calling coroutine is cancelled while it waits (the
     *     shutdown goes on)
     */
    public DrainReport shutdown(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("a grace cannot be negative: " + grace);
        }
        long graceOver = System.nanoTime() + grace.toNanos();
        stopAccepting(until(graceOver));
        counters.beginDrain();
        lifetime.requestDrain(graceOver);
        boolean ended = awaitLife(until(graceOver).plus(CANCEL_WAIT));
        return counters.drained(!ended);
    }

    /**
     * Shuts the server down at once: {@link #shutdown(Duration) shutdown} with no grace. Closing twice, or
     * after a shutdown, does nothing more.
     */
    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }

    /** @return whether the server's coroutine ended within the timeout */
    private boolean awaitLife(Duration timeout) {
        try {
            life.join(timeout);
            return true;
        } catch (TimedOutException e) {
            return false;
        } catch (CoroutineFailedException e) {
            return true;  // it ended with its machine (cancelled, its scopes waited for the connections)
        }
    }

    private static Duration until(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private static void closeQuietly(Listener l) {
        try {
            l.close();
        } catch (MachinariumException | java.util.concurrent.RejectedExecutionException e) {
            // its machine has ended, and the listener with it
        }
    }

    @Override
    public String toString() {
        return "server '" + name + "' on " + addresses;
    }
}
