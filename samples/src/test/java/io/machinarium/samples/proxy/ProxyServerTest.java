package io.machinarium.samples.proxy;

import static io.machinarium.samples.Clients.T;
import static io.machinarium.samples.Clients.readExactly;
import static io.machinarium.samples.Clients.readToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.testing.Await;
import io.machinarium.samples.Clients;
import io.machinarium.samples.HostPort;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The proxy in this JVM, so that Netty's leak detector (PARANOID, failing the test on a leak) watches
 * every buffer the relay and the embedded echo backend pass along.
 */
class ProxyServerTest {
    private static ProxySettings settings(List<HostPort> backends) {
        return new ProxySettings(new HostPort("127.0.0.1", 0), backends, 2, Balance.ROUND_ROBIN, null, null, null,
                Duration.ofSeconds(2), Duration.ZERO, 100, null, Duration.ofSeconds(1));
    }

    private static int port(ProxyServer proxy) {
        return ((InetSocketAddress) proxy.address()).getPort();
    }

    @Test
    void megabytesCrossTheRelayBothWaysIntactAndAreCounted() throws Exception {
        int size = 4 << 20;
        try (ProxyServer proxy = ProxyServer.start(settings(List.of()))) {
            List<CompletableFuture<Void>> clients = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                int seed = c;
                clients.add(CompletableFuture.runAsync(() -> roundTrip(port(proxy), seed, size)));
            }
            for (CompletableFuture<Void> f : clients) {
                try {
                    f.get(T.toSeconds(), TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    // say what the proxy saw (errors by kind), so a failure here can be diagnosed
                    throw new AssertionError("a client failed; proxy metrics:\n"
                            + proxy.metrics().scrape(), e);
                }
            }
            assertThat(Await.holdsWithin(T, () -> proxy.clients().active() == 0)).isTrue();
            String m = proxy.metrics().scrape();
            assertThat(m).contains("proxy_connections_total 3.0\n", "proxy_connections_active 0.0\n",
                    "proxy_bytes_total{direction=\"client_to_backend\"} " + (3.0 * size) + "\n",
                    "proxy_bytes_total{direction=\"backend_to_client\"} " + (3.0 * size) + "\n",
                    "proxy_errors_total{kind=\"relay_io\"} 0.0\n");
        }
    }

    private static void roundTrip(int port, int seed, int size) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        try (Socket s = Clients.connect(port)) {
            CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> {
                try {
                    byte[] b = readExactly(s.getInputStream(), size);
                    assertThat(s.getInputStream().read()).isEqualTo(-1);
                    return b;
                } catch (java.io.IOException e) {
                    throw new RuntimeException(e);
                }
            });
            OutputStream out = s.getOutputStream();
            for (int off = 0; off < size; off += 64 * 1024) {
                out.write(data, off, Math.min(64 * 1024, size - off));
            }
            s.shutdownOutput();
            assertThat(back.get(T.toSeconds(), TimeUnit.SECONDS)).isEqualTo(data);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void halfClosesPassThroughInBothDirections() throws Exception {
        TestBackends.OneShot backend = TestBackends.oneShot(s -> {
            String got = readToEnd(s.getInputStream());
            s.getOutputStream().write(("got " + got).getBytes(StandardCharsets.UTF_8));
            s.shutdownOutput();
        });
        try (ProxyServer proxy = ProxyServer.start(settings(List.of(new HostPort("127.0.0.1", backend.port()))));
             Socket client = Clients.connect(port(proxy))) {
            client.getOutputStream().write("question".getBytes(StandardCharsets.UTF_8));
            client.shutdownOutput();
            assertThat(readToEnd(client.getInputStream())).isEqualTo("got question");
            backend.await();
            assertThat(Await.holdsWithin(T, () -> proxy.clients().active() == 0)).as("both directions done: the connection ends").isTrue();
        }
    }
}
