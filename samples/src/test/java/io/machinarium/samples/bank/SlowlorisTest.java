package io.machinarium.samples.bank;

import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.actors.ActorSystem;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.Runtimes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Slowloris: hundreds of connections, each sending the head of a request a byte at a time and never finishing
 * it. The bank closes every one once the header timeout has passed since its first byte (answering {@code 408}),
 * and serves a normal request meanwhile. Slow bodies get the same: {@code 408} at the body timeout.
 */
class SlowlorisTest {
    private static final int CONNECTIONS = 300;
    private static final Duration HEADER_TIMEOUT = Duration.ofMillis(1500);
    private static final Duration DRIP = Duration.ofMillis(200);
    private static final Duration T = Duration.ofSeconds(60);
    private static final String HEAD = "GET /health HTTP/1.1\r\nHost: bank\r\nX-Slow: " + "a".repeat(4000);

    private record Closed(long afterFirstByteNanos, boolean answered408) {
    }

    @Test
    void connectionsSendingTheirHeadAByteAtATimeAreClosedAtTheHeaderTimeout() throws Exception {
        try (Machinarium rt = Runtimes.start(3); ActorSystem system = ActorSystem.create(rt)) {
            Accounts accounts = new Accounts(system, rt.machines().subList(1, 3), 10, 100);
            accounts.awaitStarted(T);
            HttpLimits limits = new HttpLimits(HEADER_TIMEOUT, Duration.ofSeconds(30), Duration.ofSeconds(60), 10_000);
            BankHttp http = BankHttp.start(rt.machine(0), rt.machines().subList(1, 3),
                    new InetSocketAddress("127.0.0.1", 0), accounts, system, limits);
            int port = ((InetSocketAddress) http.server().address()).getPort();
            List<RawHttp> slow = new ArrayList<>();
            long[] firstByte = new long[CONNECTIONS];
            ConcurrentHashMap<Integer, Closed> closed = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    RawHttp c = new RawHttp(port, (int) T.multipliedBy(2).toMillis());  // outlasts the wait below
                    slow.add(c);
                    firstByte[i] = System.nanoTime();
                    c.send(HEAD.substring(0, 1));
                }
                CountDownLatch allClosed = new CountDownLatch(CONNECTIONS);
                for (int i = 0; i < CONNECTIONS; i++) {
                    int n = i;
                    Thread.ofVirtual().start(() -> {
                        boolean answered = false;
                        try {
                            answered = slow.get(n).read(true).status() == 408 && slow.get(n).closedByServer();
                        } catch (SocketTimeoutException e) {
                            return;  // still open when the test gave up on it
                        } catch (IOException e) {
                            // reset: our next byte met the closed socket before we read the 408
                        }
                        closed.put(n, new Closed(System.nanoTime() - firstByte[n], answered));
                        allClosed.countDown();
                    });
                }
                Thread dripper = Thread.ofPlatform().start(() -> {
                    for (int at = 1; !stop.get() && at < HEAD.length(); at++) {
                        for (int i = 0; i < CONNECTIONS; i++) {
                            if (!closed.containsKey(i)) {
                                try {
                                    slow.get(i).send(HEAD.substring(at, at + 1));
                                } catch (IOException e) {
                                    // closed by the server
                                }
                            }
                        }
                        try {
                            Thread.sleep(DRIP.toMillis());  // the client's pace, not a wait for the server
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                try (KeepAliveClient normal = new KeepAliveClient(port, (int) T.toMillis())) {
                    assertThat(normal.send("GET", "/accounts/a1", null).status())
                            .as("a normal request is served while the slow ones hang").isEqualTo(200);
                }
                assertThat(allClosed.await(T.toSeconds(), TimeUnit.SECONDS))
                        .as("every slow connection is closed by the server; closed: %d", closed.size()).isTrue();
                stop.set(true);
                dripper.join();
                assertThat(closed.values()).allSatisfy(c -> assertThat(c.afterFirstByteNanos())
                        .as("closed no earlier than the header timeout after its first byte")
                        .isGreaterThanOrEqualTo(HEADER_TIMEOUT.toNanos()));
                assertThat(closed.values().stream().filter(Closed::answered408).count())
                        .as("most read their 408 before their next byte met the closed socket")
                        .isPositive();
                String metrics;
                try (RawHttp c = new RawHttp(port, (int) T.toMillis())) {
                    c.send("GET /metrics HTTP/1.1\r\nHost: bank\r\n\r\n");
                    metrics = c.read(true).body();
                }
                assertThat(metrics).contains("bank_http_responses_total{code=\"408\"} " + CONNECTIONS + ".0\n");
            } finally {
                stop.set(true);
                for (RawHttp c : slow) {
                    c.close();
                }
                http.server().close();
            }
        }
    }

    @Test
    void aBodySentTooSlowlyIsA408AtTheBodyTimeout() throws Exception {
        try (Machinarium rt = Runtimes.start(3); ActorSystem system = ActorSystem.create(rt)) {
            Accounts accounts = new Accounts(system, rt.machines().subList(1, 3), 10, 100);
            accounts.awaitStarted(T);
            Duration bodyTimeout = Duration.ofMillis(800);
            BankHttp http = BankHttp.start(rt.machine(0), rt.machines().subList(1, 3),
                    new InetSocketAddress("127.0.0.1", 0), accounts, system,
                    new HttpLimits(Duration.ofSeconds(30), bodyTimeout, Duration.ofSeconds(60), 10));
            int port = ((InetSocketAddress) http.server().address()).getPort();
            try (RawHttp c = new RawHttp(port, (int) T.toMillis())) {
                long sent = System.nanoTime();
                c.send("POST /transfers HTTP/1.1\r\nHost: bank\r\nContent-Length: 40\r\n\r\n{\"from\":");
                RawHttp.Response r = c.read(true);
                long after = System.nanoTime() - sent;
                assertThat(r.status()).isEqualTo(408);
                assertThat(r.body()).isEqualTo("{\"error\":\"the request's body did not arrive within 800 ms\"}");
                assertThat(after).isGreaterThanOrEqualTo(bodyTimeout.toNanos());
                assertThat(c.closedByServer()).isTrue();
            } finally {
                http.server().close();
            }
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAtTheIdleTimeout() throws Exception {
        try (Machinarium rt = Runtimes.start(3); ActorSystem system = ActorSystem.create(rt)) {
            Accounts accounts = new Accounts(system, rt.machines().subList(1, 3), 10, 100);
            accounts.awaitStarted(T);
            Duration idle = Duration.ofMillis(800);
            BankHttp http = BankHttp.start(rt.machine(0), rt.machines().subList(1, 3),
                    new InetSocketAddress("127.0.0.1", 0), accounts, system,
                    new HttpLimits(Duration.ofSeconds(30), Duration.ofSeconds(30), idle, 10));
            int port = ((InetSocketAddress) http.server().address()).getPort();
            try (RawHttp c = new RawHttp(port, (int) T.toMillis())) {
                long sent = System.nanoTime();  // before the request ended, when the idle time starts
                c.send("GET /health HTTP/1.1\r\nHost: bank\r\n\r\n");
                assertThat(c.read(true).status()).isEqualTo(200);
                assertThat(c.closedByServer()).isTrue();
                assertThat(System.nanoTime() - sent).isGreaterThanOrEqualTo(idle.toNanos());
                Await.until(T, () -> http.server().active() == 0, () -> "active " + http.server().active());
            } finally {
                http.server().close();
            }
        }
    }
}
