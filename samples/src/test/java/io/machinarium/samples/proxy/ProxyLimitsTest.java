package io.machinarium.samples.proxy;

import static io.machinarium.samples.Clients.T;
import static io.machinarium.samples.proxy.ProxyFaultTest.end;
import static io.machinarium.samples.proxy.ProxyFaultTest.healthyClient;
import static io.machinarium.samples.proxy.ProxyFaultTest.hello;
import static io.machinarium.samples.proxy.ProxyFaultTest.open;
import static io.machinarium.samples.proxy.ProxyFaultTest.ping;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.FdBalance;
import io.machinarium.samples.HostPort;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The proxy's connection limit: clients past it are closed at once and counted; the others go on. */
@ExtendWith(FdBalance.class)
class ProxyLimitsTest {
    private static final int MAX = 5;

    @Test
    void clientsPastMaxConnsAreClosedAtOnceAndCountedWhileTheOthersAreServed() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (FaultyBackend backend = new FaultyBackend("b");
             ProxyServer proxy = ProxyServer.start(new ProxySettings(new HostPort("127.0.0.1", 0),
                     List.of(new HostPort("127.0.0.1", backend.port())), 2, Balance.ROUND_ROBIN, null, null, null,
                     Duration.ofSeconds(2), Duration.ZERO, MAX, null, Duration.ofSeconds(1)))) {
            try {
                for (int i = 0; i < MAX; i++) {
                    Socket s = open(proxy, "ECHO");
                    held.add(s);
                    hello(s);
                    ping(s);
                }
                for (int i = 0; i < 20; i++) {
                    try (Socket over = open(proxy, "ECHO")) {
                        assertThat(end(over)).as("a client past the limit is closed without a byte").isIn("eof", "reset");
                    }
                }
                // the client may see its close before the proxy has counted it
                Await.holdsWithin(T, () -> proxy.metrics().errors("max_conns") >= 20);
                assertThat(proxy.metrics().errors("max_conns")).isEqualTo(20);
                for (Socket s : held) {
                    ping(s);  // the clients within the limit go on
                }
                held.remove(0).close();
                Await.holdsWithin(T, () -> proxy.clients().active() < MAX);
                assertThat(healthyClient(proxy)).as("a place freed is taken by the next client").isEqualTo("b");
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
            assertThat(Await.holdsWithin(T, () -> proxy.clients().active() == 0)).isTrue();
            assertThat(proxy.metrics().errors("relay_io")).isZero();
        }
    }
}
