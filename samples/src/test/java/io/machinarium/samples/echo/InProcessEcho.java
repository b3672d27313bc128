package io.machinarium.samples.echo;

import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.net.ListenOptions;
import io.machinarium.net.server.Server;
import io.machinarium.samples.Serving;
import io.machinarium.tls.TlsConfig;
import java.net.InetSocketAddress;

/**
 * The echo sample's server in this JVM — an acceptor machine handing connections to two worker
 * machines — so that the leak detector and the tests' memory probes see it.
 */
final class InProcessEcho implements AutoCloseable {
    private final Machinarium runtime;
    private final Server server;

    /**
     * Starts it on a free loopback port.
     *
     * @param tls the server TLS configuration, or null for plain TCP
     * @param options backlog and options of the accepted connections
     */
    InProcessEcho(TlsConfig tls, ListenOptions options) {
        runtime = Machinarium.start(MachinariumConfig.builder().machines(3).build());
        server = Server.builder("echo").acceptor(runtime.machine(0)).workers(runtime.machines().subList(1, 3))
                .listen("tcp", new InetSocketAddress("127.0.0.1", 0), options).events(new Serving.Events())
                .start(io -> Echo.serve(io, tls));
    }

    /** @return the port it listens on */
    int port() {
        return ((InetSocketAddress) server.address()).getPort();
    }

    /** @return the server */
    Server server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
        runtime.close();
    }
}
