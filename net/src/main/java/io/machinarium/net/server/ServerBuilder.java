package io.machinarium.net.server;

import io.machinarium.core.Machine;
import io.machinarium.net.ListenOptions;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Server} is made of: its acceptor machine, its listeners, its workers, how it picks a worker,
 * its connection limit and who hears its events. {@link #start} starts it. Made by {@link Server#builder}.
 *
 * <pre>{@code
 * Server server = Server.builder("echo")
 *         .acceptor(rt.machine(0))
 *         .workers(rt.machines().subList(1, 3))
 *         .listen("tcp", new InetSocketAddress("127.0.0.1", 7000))
 *         .listen("unix", UnixDomainSocketAddress.of("/run/echo.sock"))
 *         .balance(WorkerBalance.LEAST_CONNECTIONS)
 *         .maxConnections(10_000)
 *         .start(io -> { ... });
 * }</pre>
 *
 * <p>Thread safety: one thread at a time; a builder may start several servers (each takes a copy).
 *
 * @since 0.1.0
 */
public final class ServerBuilder {
    private final String name;
    private Machine acceptor;
    private List<Machine> workers;
    private final List<Listen> listens = new ArrayList<>();
    private WorkerBalance balance = WorkerBalance.ROUND_ROBIN;
    private long maxConnections = Long.MAX_VALUE;
    private ServerEvents events = new ServerEvents() { };

    /** One listener to open: its name (in dumps and events), address and options. */
    record Listen(String name, SocketAddress address, ListenOptions options) {
    }

    ServerBuilder(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * The machine that owns the listeners and runs the accept loops and the server's own coroutine. Required.
     *
     * @param machine the acceptor
     * @return this builder
     */
    public ServerBuilder acceptor(Machine machine) {
        this.acceptor = Objects.requireNonNull(machine, "machine");
        return this;
    }

    /**
     * The machines that serve the connections; by default the acceptor alone. A machine may be both.
     *
     * @param machines the workers, at least one
     * @return this builder
     * @throws IllegalArgumentException if the list is empty
     */
    public ServerBuilder workers(List<Machine> machines) {
        if (machines.isEmpty()) {
            throw new IllegalArgumentException("server '" + name + "' needs at least one worker machine");
        }
        this.workers = List.copyOf(machines);
        return this;
    }

    /**
     * Listens on an address with {@link ListenOptions#defaults()}. See {@link #listen(String, SocketAddress, ListenOptions)}.
     *
     * @param listener the listener's name
     * @param address where to listen
     * @return this builder
     */
    public ServerBuilder listen(String listener, SocketAddress address) {
        return listen(listener, address, ListenOptions.defaults());
    }

    /**
     * Listens on an address: TCP ({@code InetSocketAddress}, port 0 for a free one) or a Unix socket
     * ({@code UnixDomainSocketAddress}, which the listener owns: see {@link io.machinarium.net.Listener#bind}).
     * Listeners are bound in the order they are added; all serve the same handler.
     *
     * @param listener the listener's name, unique in the server: its accept coroutine is {@code accept NAME}
     * @param address where to listen
     * @param options backlog and the options of accepted connections (buffers, codec, socket options)
     * @return this builder
     * @throws IllegalArgumentException if another listener has that name
     */
    public ServerBuilder listen(String listener, SocketAddress address, ListenOptions options) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(options, "options");
        if (listens.stream().anyMatch(l -> l.name().equals(listener))) {
            throw new IllegalArgumentException("server '" + name + "' has a listener named '" + listener + "' already");
        }
        listens.add(new Listen(listener, address, options));
        return this;
    }

    /**
     * How a worker is picked for each connection; by default {@link WorkerBalance#ROUND_ROBIN}.
     *
     * @param balance the policy
     * @return this builder
     */
    public ServerBuilder balance(WorkerBalance balance) {
        this.balance = Objects.requireNonNull(balance, "balance");
        return this;
    }

    /**
     * The most connections served at once; by default no limit. A connection that arrives while the server
     * holds this many is closed at once, unserved, and told to {@link ServerEvents#overLimit}.
     *
     * @param limit the limit, at least 1
     * @return this builder
     * @throws IllegalArgumentException if the limit is below 1
     */
    public ServerBuilder maxConnections(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("server '" + name + "': the connection limit must be at least 1, not "
                    + limit);
        }
        this.maxConnections = limit;
        return this;
    }

    /**
     * Who hears of accept errors, refused connections and failed handlers; by default SLF4J's log.
     *
     * @param events the listener of events
     * @return this builder
     */
    public ServerBuilder events(ServerEvents events) {
        this.events = Objects.requireNonNull(events, "events");
        return this;
    }

    /**
     * Binds every listener (on the acceptor machine, in order) and starts accepting; returns once every
     * listener listens. A coroutine suspends meanwhile, a thread parks. If a listener cannot be bound, those
     * bound before it are closed and nothing is started.
     *
     * @param handler serves each connection, in its own coroutine on a worker
     * @return the running server
     * @throws IllegalStateException if no acceptor or no listener was given
     * @throws io.machinarium.net.ListenFailedException if a listener cannot be bound (the message names it)
     * @throws io.machinarium.core.RejectedException if the acceptor machine is stopping
     * @throws io.machinarium.core.CancelledException if the calling coroutine is cancelled meanwhile (every
     *     listener is closed then)
     */
    public Server start(ConnectionHandler handler) {
        Objects.requireNonNull(handler, "handler");
        if (acceptor == null) {
            throw new IllegalStateException("server '" + name + "' needs an acceptor machine: call acceptor(machine)");
        }
        if (listens.isEmpty()) {
            throw new IllegalStateException("server '" + name + "' needs a listener: call listen(name, address)");
        }
        return Server.start(name, acceptor, workers != null ? workers : List.of(acceptor), List.copyOf(listens),
                balance, maxConnections, new GuardedEvents(events), handler);
    }
}
