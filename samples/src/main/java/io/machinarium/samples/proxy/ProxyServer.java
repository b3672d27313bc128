package io.machinarium.samples.proxy;

import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.core.Machine;
import io.machinarium.net.ListenOptions;
import io.machinarium.net.server.Server;
import io.machinarium.samples.HostPort;
import io.machinarium.samples.Serving;
import io.machinarium.samples.echo.Echo;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

/**
 * A running proxy: three {@link Server}s on one runtime. The client server accepts on the acceptor machine
 * and hands clients to the worker machines, which relay them; clients over the connection limit are closed at
 * once and counted ({@code max_conns}). The admin listener and, without backends, an embedded echo backend
 * are servers of their own, served on the acceptor machine.
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
    private ClientSession session;
    private Backends backends;
    private volatile Server clients;
    private Server admin;
    private Server embedded;

    private ProxyServer(Machinarium runtime) {
        this.runtime = runtime;
    }

    /**
     * Starts the machines and servers. Blocks until every listener listens.
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
            p.close();
            throw e;
        }
    }

    private void open(ProxySettings settings) {
        Machine acceptor = runtime.machine(0);
        if (settings.backends().isEmpty()) {
            embedded = Serving.start(Server.builder("embedded echo").acceptor(acceptor)
                    .listen("embedded echo", new InetSocketAddress("127.0.0.1", 0)).events(new Serving.Events()),
                    io -> Echo.serve(io, null));
            InetSocketAddress at = (InetSocketAddress) embedded.address();
            settings = settings.withBackends(List.of(new HostPort("127.0.0.1", at.getPort())));
        }
        backends = new Backends(settings.backends(), settings.balance());
        session = new ClientSession(settings, backends, metrics);
        metrics.bind(runtime, () -> clients, backends);
        if (settings.admin() != null) {
            AdminServer server = new AdminServer(runtime, metrics::scrape);
            admin = Serving.start(Server.builder("admin").acceptor(acceptor)
                    .listen("admin", settings.admin().resolve(), ListenOptions.defaults().withIo(AdminServer.HTTP))
                    .events(new Serving.Events()), server::serve);
        }
        clients = Serving.start(Server.builder("clients").acceptor(acceptor)
                .workers(runtime.machines().subList(1, settings.machines() + 1))
                .listen("clients", settings.listen().resolve()).maxConnections(settings.maxConns())
                .events(new Serving.Events() {
                    @Override
                    public void overLimit(String listener, SocketAddress peer, long limit) {
                        metrics.error("max_conns");
                    }
                }), session::serve);
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

    /** @return the server of client connections: shut down first, with the grace, on a signal */
    Server clients() {
        return clients;
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

    /**
     * Shuts every server down at once (the client server first; after a graceful shutdown it has nothing
     * left) and closes the runtime.
     */
    @Override
    public void close() {
        for (Server s : new Server[] {clients, admin, embedded}) {
            if (s != null) {
                s.close();
            }
        }
        runtime.close();
    }
}
