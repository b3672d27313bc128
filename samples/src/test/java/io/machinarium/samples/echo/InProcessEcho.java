package io.machinarium.samples.echo;

import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.net.ListenOptions;
import io.machinarium.samples.Acceptor;
import io.machinarium.samples.WorkerPool;
import io.machinarium.tls.TlsConfig;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The echo sample's server in this JVM — an acceptor machine handing connections to two worker
 * machines — so that the leak detector and the tests' memory probes see it.
 */
final class InProcessEcho implements AutoCloseable {
    private final Machinarium runtime;
    private final WorkerPool pool;
    private final Acceptor acceptor;

    /**
     * Starts it on a free loopback port.
     *
     * @param tls the server TLS configuration, or null for plain TCP
     * @param options backlog and options of the accepted connections
     */
    InProcessEcho(TlsConfig tls, ListenOptions options) {
        runtime = Machinarium.start(MachinariumConfig.builder().machines(3).build());
        pool = new WorkerPool(runtime.machines().subList(1, 3), io -> Echo.serve(io, tls));
        acceptor = Acceptor.start(runtime.machine(0), "echo", new InetSocketAddress("127.0.0.1", 0), options,
                pool::handOff);
    }

    /** @return the port it listens on */
    int port() {
        return ((InetSocketAddress) acceptor.address()).getPort();
    }

    /** @return the connections being served */
    WorkerPool pool() {
        return pool;
    }

    @Override
    public void close() {
        acceptor.stop(Duration.ofSeconds(5));
        pool.close();
        runtime.close();
    }
}
