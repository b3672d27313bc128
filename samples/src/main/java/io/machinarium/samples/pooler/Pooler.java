package io.machinarium.samples.pooler;

import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.core.Machine;
import io.machinarium.net.ListenOptions;
import io.machinarium.net.server.Server;
import io.machinarium.samples.Serving;
import java.net.SocketAddress;

/**
 * A running pooler: the client server (accepting on the acceptor machine, serving on the workers, each with its
 * own pools) and the admin server (on the acceptor), on one runtime.
 *
 * <pre>{@code
 * try (Pooler pooler = Pooler.start(settings)) {
 *     System.out.println("listening on " + pooler.address());
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread safety: start and close from a plain thread (not from one of the pooler's machines).
 */
final class Pooler implements AutoCloseable {
    private final Machinarium runtime;
    private final PoolerMetrics metrics = new PoolerMetrics();
    private final CancelKeys cancels = new CancelKeys();
    private volatile Server clients;
    private Server admin;

    private Pooler(Machinarium runtime) {
        this.runtime = runtime;
    }

    /**
     * Starts the machines and servers. Blocks until every listener listens.
     *
     * @param settings what the command line asked for
     * @return the running pooler
     * @throws io.machinarium.samples.SampleFailedException if an address cannot be bound
     */
    static Pooler start(PoolerSettings settings) {
        String[] names = new String[settings.machines() + 1];
        names[0] = "acceptor";
        for (int i = 1; i < names.length; i++) {
            names[i] = "worker-" + i;
        }
        Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(names.length).machineNames(names)
                .shutdownTimeout(Serving.CLOSE_TIMEOUT).build());
        Pooler p = new Pooler(rt);
        try {
            p.open(settings);
            return p;
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    private void open(PoolerSettings settings) {
        Machine acceptor = runtime.machine(0);
        if (settings.admin() != null) {
            AdminHttp http = new AdminHttp(runtime, metrics::scrape);
            admin = Serving.start(Server.builder("admin").acceptor(acceptor).listen("admin", settings.admin().resolve(),
                    ListenOptions.defaults().withIo(AdminHttp.HTTP)).events(new Serving.Events()), http::serve);
        }
        ClientSession session = new ClientSession(settings, metrics, cancels, this);
        clients = Serving.start(Server.builder("clients").acceptor(acceptor)
                .workers(runtime.machines().subList(1, settings.machines() + 1))
                .listen("clients", settings.listen().resolve()).maxConnections(settings.maxClients())
                .events(new Serving.Events() {
                    @Override
                    public void overLimit(String listener, SocketAddress peer, long limit) {
                        metrics.error("max_clients");
                    }
                }), session::serve);
    }

    /** {@return where clients connect} */
    SocketAddress address() {
        return clients.address();
    }

    /** {@return where the admin listener listens, or null if it has none} */
    SocketAddress adminAddress() {
        return admin != null ? admin.address() : null;
    }

    /** {@return the server of client connections: shut down first, with the grace, on a signal} */
    Server clients() {
        return clients;
    }

    /** {@return the runtime the pooler runs on (its machines and their coroutines)} */
    Machinarium runtime() {
        return runtime;
    }

    /** {@return the meters} */
    PoolerMetrics metrics() {
        return metrics;
    }

    /** Shuts both servers down at once and closes the runtime (and with it every server connection). */
    @Override
    public void close() {
        for (Server s : new Server[] {clients, admin}) {
            if (s != null) {
                s.close();
            }
        }
        runtime.close();
    }

}
