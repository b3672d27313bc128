package io.machinarium.net.server;

import static io.machinarium.net.server.ServerTesting.T;
import static io.machinarium.net.server.ServerTesting.connect;
import static io.machinarium.net.server.ServerTesting.loopback;
import static io.machinarium.net.server.ServerTesting.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.Machinarium;
import io.machinarium.core.Machine;
import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.Runtimes;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The acceptor → worker hand-off: each connection is served on a worker machine, attached to it, in a
 * coroutine of its own; workers are picked in turn or by fewest connections; the counters follow.
 */
class ServerHandOffTest {
    private final Machinarium rt = Runtimes.start(3);
    private final List<Machine> workers = rt.machines().subList(1, 3);

    @AfterEach
    void close() {
        rt.close();
    }

    @Test
    void eachConnectionIsServedOnAWorkerInTurnAttachedThereInACoroutineOfItsOwn() throws Exception {
        BlockingQueue<ServerTesting.Served> served = new LinkedBlockingQueue<>();
        try (Server server = Server.builder("echo").acceptor(rt.machine(0)).workers(workers)
                .listen("tcp", loopback()).start(io -> {
                    served.add(ServerTesting.Served.here(io));
                    ServerTesting.echo(io);
                })) {
            List<Socket> clients = new ArrayList<>();
            List<Machine> order = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket s = connect(server.address());
                    clients.add(s);
                    assertThat(roundTrip(s, "hello " + i + "\n")).isEqualTo("hello " + i + "\n");
                    ServerTesting.Served where = served.poll(T.toSeconds(), TimeUnit.SECONDS);
                    assertThat(where.attachedTo()).as("attached to the machine that serves it").isEqualTo(where.machine());
                    assertThat(where.coroutine()).startsWith("client 127.0.0.1:");
                    order.add(where.machine());
                }
                assertThat(order).containsExactly(workers.get(0), workers.get(1), workers.get(0), workers.get(1));
                assertThat(server.active()).isEqualTo(4);
                assertThat(server.total()).isEqualTo(4);
            } finally {
                for (Socket s : clients) {
                    s.close();
                }
            }
            Await.until(T, () -> server.active() == 0, () -> server.active() + " still active");
            assertThat(server.total()).isEqualTo(4);
        }
    }

    @Test
    void leastConnectionsHandsANewConnectionToTheWorkerServingTheFewest() throws Exception {
        BlockingQueue<Machine> served = new LinkedBlockingQueue<>();
        try (Server server = Server.builder("lc").acceptor(rt.machine(0)).workers(workers)
                .balance(WorkerBalance.LEAST_CONNECTIONS).listen("tcp", loopback()).start(io -> {
                    served.add(io.machine());
                    ServerTesting.echo(io);
                });
             Socket a = connect(server.address())) {
            assertThat(roundTrip(a, "a")).isEqualTo("a");
            try (Socket b = connect(server.address())) {
                assertThat(roundTrip(b, "b")).isEqualTo("b");
            }
            assertThat(served.poll(T.toSeconds(), TimeUnit.SECONDS)).isEqualTo(workers.get(0));
            assertThat(served.poll(T.toSeconds(), TimeUnit.SECONDS)).isEqualTo(workers.get(1));
            Await.until(T, () -> server.active() == 1, () -> server.active() + " active, not 1");
            // In turn the next would be the first worker again; it still serves a, the second serves none.
            try (Socket c = connect(server.address())) {
                assertThat(roundTrip(c, "c")).isEqualTo("c");
                assertThat(served.poll(T.toSeconds(), TimeUnit.SECONDS)).isEqualTo(workers.get(1));
            }
        }
    }

    @Test
    void theAcceptorAloneServesWhenNoWorkersAreGiven() throws Exception {
        BlockingQueue<Machine> served = new LinkedBlockingQueue<>();
        try (Server server = Server.builder("alone").acceptor(rt.machine(0)).listen("tcp", loopback())
                .start(io -> {
                    served.add(io.machine());
                    ServerTesting.echo(io);
                });
             Socket s = connect(server.address())) {
            assertThat(roundTrip(s, "x")).isEqualTo("x");
            assertThat(served.poll(T.toSeconds(), TimeUnit.SECONDS)).isEqualTo(rt.machine(0));
        }
    }
}
