package io.machinarium.samples.bank;

import io.machinarium.actors.ActorSystem;
import io.machinarium.core.Machine;
import io.machinarium.net.ListenOptions;
import io.machinarium.net.server.Server;
import io.machinarium.samples.Serving;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bank's HTTP server: an acceptor machine hands each connection to a worker machine, where Netty's HTTP
 * codec decodes it and one coroutine serves it ({@link BankConnection}). At most
 * {@link HttpLimits#maxConnections()} are served at once; one more is closed at once, unserved, and counted
 * ({@code bank_connections_refused_total}). Each connection reads under the {@link RequestDeadlines} of the
 * limits.
 *
 * <pre>{@code
 * BankHttp http = BankHttp.start(acceptor, workers, address, bank, system, limits);
 * ... http.server() ...
 * http.draining().set(true);  // then shut the server down
 * }</pre>
 *
 * @param server the running server
 * @param metrics the meters {@code GET /metrics} shows
 * @param draining set it once the bank shuts down: answers then say {@code Connection: close}
 */
record BankHttp(Server server, BankMetrics metrics, AtomicBoolean draining) {
    /**
     * Starts serving. Blocks until the listener listens; call from a plain thread.
     *
     * @param acceptor the machine that accepts
     * @param workers the machines that serve the connections
     * @param address where to listen
     * @param bank what the API serves
     * @param system the bank's actor system
     * @param limits the connection limit and read deadlines
     * @return the running server
     * @throws io.machinarium.samples.SampleFailedException if the address cannot be bound
     */
    static BankHttp start(Machine acceptor, List<Machine> workers, SocketAddress address, Bank bank, ActorSystem system,
            HttpLimits limits) {
        BankMetrics metrics = new BankMetrics();
        AtomicBoolean draining = new AtomicBoolean();
        Server[] server = new Server[1];
        BankApi api = new BankApi(bank, system, metrics, () -> server[0] == null ? 0 : server[0].active());
        server[0] = Serving.start(Server.builder("bank").acceptor(acceptor).workers(workers)
                .listen("http", address, ListenOptions.defaults().withIo(BankConnection.http(limits)))
                .maxConnections(limits.maxConnections())
                .events(new Serving.Events() {
                    @Override
                    public void overLimit(String listener, SocketAddress peer, long limit) {
                        metrics.refused();
                    }
                }), io -> {
                    metrics.connection();
                    BankConnection.serve(io, api, draining);
                });
        return new BankHttp(server[0], metrics, draining);
    }
}
