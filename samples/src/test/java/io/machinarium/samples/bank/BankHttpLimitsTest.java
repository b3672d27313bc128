package io.machinarium.samples.bank;

import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.actors.ActorSystem;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.Runtimes;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bank's HTTP server against clients that misbehave: bodies over the limit, headers over the limit, more
 * connections than the limit, and {@code HEAD}. Slow clients: {@link SlowlorisTest}.
 */
class BankHttpLimitsTest {
    private static final int T = 20_000;
    private Machinarium rt;
    private ActorSystem system;
    private BankHttp http;

    private int start(HttpLimits limits) throws InterruptedException {
        rt = Runtimes.start(3);
        system = ActorSystem.create(rt);
        Accounts accounts = new Accounts(system, rt.machines().subList(1, 3), 10, 100);
        accounts.awaitStarted(Duration.ofMillis(T));
        http = BankHttp.start(rt.machine(0), rt.machines().subList(1, 3), new InetSocketAddress("127.0.0.1", 0),
                accounts, system, limits);
        return ((InetSocketAddress) http.server().address()).getPort();
    }

    @AfterEach
    void stop() {
        if (http != null) {
            http.server().close();
        }
        system.close();
        rt.close();
    }

    private static String metric(int port, String line) throws Exception {
        try (RawHttp c = new RawHttp(port, T)) {
            c.send("GET /metrics HTTP/1.1\r\nHost: bank\r\n\r\n");
            return c.read(true).body().lines().filter(l -> l.startsWith(line)).findFirst().orElse("(none)");
        }
    }

    @Test
    void aBodyOverTheLimitIsA413WithAJsonErrorAndIsCounted() throws Exception {
        int port = start(HttpLimits.DEFAULTS);
        try (RawHttp c = new RawHttp(port, T)) {
            c.send("POST /transfers HTTP/1.1\r\nHost: bank\r\nContent-Type: application/json\r\nContent-Length: "
                    + (BankApi.MAX_BODY + 1) + "\r\n\r\n");
            RawHttp.Response r = c.read(true);
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.headers()).containsEntry("content-type", "application/json").containsEntry("connection", "close");
            assertThat(r.body()).isEqualTo("{\"error\":\"the request body is larger than 16384 bytes\"}");
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(metric(port, "bank_http_responses_total{code=\"413\"}"))
                .isEqualTo("bank_http_responses_total{code=\"413\"} 1.0");
    }

    @Test
    void aClientExpecting100ContinueForABodyOverTheLimitGetsTheSameJson413() throws Exception {
        int port = start(HttpLimits.DEFAULTS);
        try (RawHttp c = new RawHttp(port, T)) {
            c.send("POST /transfers HTTP/1.1\r\nHost: bank\r\nExpect: 100-continue\r\nContent-Length: "
                    + (BankApi.MAX_BODY + 1) + "\r\n\r\n");
            RawHttp.Response r = c.read(true);
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.body()).isEqualTo("{\"error\":\"the request body is larger than 16384 bytes\"}");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void headersOverTheLimitAreA431WithAJsonError() throws Exception {
        int port = start(HttpLimits.DEFAULTS);
        try (RawHttp c = new RawHttp(port, T)) {
            c.send("GET /health HTTP/1.1\r\nHost: bank\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\n");
            RawHttp.Response r = c.read(true);
            assertThat(r.status()).isEqualTo(431);
            assertThat(r.body()).startsWith("{\"error\":\"the request's headers are too large: ");
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(metric(port, "bank_http_responses_total{code=\"431\"}"))
                .isEqualTo("bank_http_responses_total{code=\"431\"} 1.0");
    }

    @Test
    void headIsAnsweredLikeGetWithoutTheBodyAndTheConnectionGoesOn() throws Exception {
        int port = start(HttpLimits.DEFAULTS);
        try (RawHttp c = new RawHttp(port, T)) {
            c.send("HEAD /accounts/a3 HTTP/1.1\r\nHost: bank\r\n\r\nGET /accounts/a3 HTTP/1.1\r\nHost: bank\r\n\r\n");
            RawHttp.Response head = c.read(false);
            RawHttp.Response get = c.read(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(get.status()).isEqualTo(200);
            assertThat(get.body()).isEqualTo("{\"id\":\"a3\",\"balance\":100}");
            assertThat(head.headers().get("content-length")).isEqualTo(Integer.toString(get.body().length()));
            assertThat(head.headers().get("content-type")).isEqualTo("application/json");
        }
    }

    @Test
    void aWrongMethodSaysThatHeadIsAllowed() throws Exception {
        int port = start(HttpLimits.DEFAULTS);
        try (RawHttp c = new RawHttp(port, T)) {
            c.send("DELETE /total HTTP/1.1\r\nHost: bank\r\n\r\n");
            RawHttp.Response r = c.read(true);
            assertThat(r.status()).isEqualTo(405);
            assertThat(r.headers()).containsEntry("allow", "GET, HEAD");
        }
    }

    @Test
    void aConnectionOverTheLimitIsClosedUnservedAndCounted() throws Exception {
        int port = start(new HttpLimits(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(60), 2));
        try (RawHttp first = new RawHttp(port, T); RawHttp second = new RawHttp(port, T)) {
            for (RawHttp c : new RawHttp[] {first, second}) {
                c.send("GET /health HTTP/1.1\r\nHost: bank\r\n\r\n");
                assertThat(c.read(true).status()).isEqualTo(200);  // served: it counts against the limit
            }
            try (RawHttp third = new RawHttp(port, T)) {
                third.send("GET /health HTTP/1.1\r\nHost: bank\r\n\r\n");
                assertThat(third.closedByServer()).as("the third connection is closed unserved").isTrue();
            }
            // The server counts the refusal as it closes the connection: the count may come a moment after.
            String[] metrics = new String[1];
            Await.until(Duration.ofMillis(T), () -> {
                try {
                    first.send("GET /metrics HTTP/1.1\r\nHost: bank\r\n\r\n");
                    metrics[0] = first.read(true).body();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return metrics[0].contains("bank_connections_refused_total 1.0\n");
            }, () -> metrics[0]);
            assertThat(metrics[0]).contains("bank_connections_active 2.0\n");
            second.send("GET /health HTTP/1.1\r\nHost: bank\r\n\r\n");
            assertThat(second.read(true).status()).as("the connections within the limit go on").isEqualTo(200);
        }
    }
}
