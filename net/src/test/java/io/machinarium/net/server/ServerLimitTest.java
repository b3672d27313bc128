package io.machinarium.net.server;

import static io.machinarium.net.server.ServerTesting.T;
import static io.machinarium.net.server.ServerTesting.connect;
import static io.machinarium.net.server.ServerTesting.end;
import static io.machinarium.net.server.ServerTesting.loopback;
import static io.machinarium.net.server.ServerTesting.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.Runtimes;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connection limit: a connection past it is closed at once, unserved, told and counted; the others go on. */
class ServerLimitTest {
    private static final int MAX = 3;

    private final Machinarium rt = Runtimes.start(2);

    @AfterEach
    void close() {
        rt.close();
    }

    @Test
    void aConnectionPastTheLimitIsClosedUnservedAndAPlaceFreedIsTakenByTheNext() throws Exception {
        List<Long> told = new CopyOnWriteArrayList<>();
        List<Socket> held = new ArrayList<>();
        try (Server server = Server.builder("limited").acceptor(rt.machine(0)).workers(List.of(rt.machine(1)))
                .maxConnections(MAX).listen("tcp", loopback()).events(new ServerEvents() {
                    @Override
                    public void overLimit(String listener, SocketAddress peer, long limit) {
                        told.add(limit);
                    }
                }).start(ServerTesting::echo)) {
            try {
                for (int i = 0; i < MAX; i++) {
                    Socket s = connect(server.address());
                    held.add(s);
                    assertThat(roundTrip(s, "in " + i)).isEqualTo("in " + i);
                }
                for (int i = 0; i < 5; i++) {
                    try (Socket over = connect(server.address())) {
                        over.getOutputStream().write("past the limit".getBytes());
                        assertThat(end(over)).as("a connection past the limit").isIn("eof", "reset");
                    }
                }
                Await.until(T, () -> server.refused() == 5, () -> server.refused() + " refused");
                assertThat(told).containsExactly(3L, 3L, 3L, 3L, 3L);
                assertThat(server.total()).as("handed to workers").isEqualTo(MAX);
                for (Socket s : held) {
                    ServerTesting.assertServes(s);
                }
                held.remove(0).close();
                Await.until(T, () -> server.active() < MAX, () -> server.active() + " active");
                try (Socket next = connect(server.address())) {
                    assertThat(roundTrip(next, "a place freed")).isEqualTo("a place freed");
                }
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }
}
