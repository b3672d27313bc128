package io.machinarium.samples.proxy;

import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.net.IoContext;
import io.machinarium.net.ListenOptions;
import io.machinarium.samples.Acceptor;
import io.machinarium.samples.HostPort;
import io.machinarium.samples.Serving;
import io.machinarium.samples.WorkerPool;
import io.machinarium.samples.echo.Echo;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

/**
 * A running proxy: an acceptor machine that accepts clients (and hosts the admin listener and, without
 * backends, an embedded echo backend) and worker machines that relay them. Clients over the connection
 * limit are closed by the acceptor at once; the others are handed, detached, to the workers.
 *
 * <pre>{@code
 * try (ProxyServer proxy = ProxyServer.start(settings)) {
 *     System.out.println("listening on " + proxy.address());
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread safety: start and close from a plain thread (not from one of the proxy's machines).
 */
final class ProxyServer implements AutoCloseable {
    private final Machinarium runtime;
    private final ProxyMetrics metrics = new ProxyMetrics();
    private WorkerPool pool;
    private ClientSession session;
    private Backends backends;
    private Acceptor clients;
    private Acceptor admin;
    private Acceptor embedded;

    private ProxyServer(Machinarium runtime) {
        this.runtime = runtime;
    }

    /**
     * Starts the machines and listeners. Blocks until every listener listens.
     *
     * @param settings what the command line asked for
     * @return the running proxy
     * @throws io.machinarium.samples.SampleFailedException if an address cannot be bound
     */
    static ProxyServer start(ProxySettings settings) {
        String[] names = new String[settings.machines() + 1];
        names[0] = "acceptor";
        for (int i = 1; i < names.length; i++) {
            names[i] = "worker-" + i;
        }
        Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(names.length).machineNames(names)
                .shutdownTimeout(Serving.CLOSE_TIMEOUT).build());
        ProxyServer p = new ProxyServer(rt);
        try {
            p.open(settings);
            return p;
        } catch (RuntimeException e) {
            rt.close();
            throw e;
        }
    }

    private void open(ProxySettings settings) {
        if (settings.backends().isEmpty()) {
            embedded = Acceptor.start(runtime.machine(0), "embedded echo", new InetSocketAddress("127.0.0.1", 0),
                    ListenOptions.defaults(), Echo::spawnHere);
            InetSocketAddress at = (InetSocketAddress) embedded.address();
            settings = settings.withBackends(List.of(new HostPort("127.0.0.1", at.getPort())));
        }
        backends = new Backends(settings.backends(), settings.balance());
        session = new ClientSession(settings, backends, metrics);
        pool = new WorkerPool(runtime.machines().subList(1, settings.machines() + 1), session::serve);
        if (settings.admin() != null) {
            AdminServer server = new AdminServer(runtime, () -> metrics.render(pool, backends));
            admin = Acceptor.start(runtime.machine(0), "admin", settings.admin().resolve(), ListenOptions.defaults(),
                    server::serveDetached);
        }
        int max = settings.maxConns();
        clients = Acceptor.start(runtime.machine(0), "clients", settings.listen().resolve(), ListenOptions.defaults(),
                io -> admit(io, max));
    }

    /** On the acceptor: a client over the limit is closed at once, the others go to the workers. */
    private void admit(IoContext detached, int max) {
        if (pool.active() >= max) {
            detached.close();
            metrics.error("max_conns");
            return;
        }
        pool.handOff(detached);
    }

    /** @return where clients connect */
    SocketAddress address() {
        return clients.address();
    }

    /** @return where the admin listener listens, or null if it has none */
    SocketAddress adminAddress() {
        return admin != null ? admin.address() : null;
    }

    /** @return where the embedded echo backend listens, or null if real backends were given */
    SocketAddress embeddedBackend() {
        return embedded != null ? embedded.address() : null;
    }

    /** @return the acceptor of client connections (stopped first on shutdown) */
    Acceptor clients() {
        return clients;
    }

    /** @return the client connections being relayed */
    WorkerPool pool() {
        return pool;
    }

    /** @return the relays running now, one per client connected to a backend (a snapshot) */
    List<Relay> relays() {
        return session.relays();
    }

    /** @return the backends, with their state */
    Backends backends() {
        return backends;
    }

    /** @return the counters */
    ProxyMetrics metrics() {
        return metrics;
    }

    /** Stops every listener and closes the runtime, which cancels every connection still relayed. */
    @Override
    public void close() {
        for (Acceptor a : new Acceptor[] {clients, admin, embedded}) {
            if (a != null) {
                a.stop(Serving.CLOSE_TIMEOUT);
            }
        }
        if (pool != null) {
            pool.close();
        }
        runtime.close();
    }
}
