package io.machinarium.samples.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.actors.ActorSystem;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.machinarium.samples.Options;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bank's HTTP API in-process: every status the issue names, with the leak detector watching. */
class BankApiTest {
    private Machinarium rt;
    private ActorSystem system;
    private BankApi api;
    private Accounts accounts;

    record Reply(int status, String body) {
    }

    @BeforeEach
    void start() throws InterruptedException {
        rt = Runtimes.start(2);
        system = ActorSystem.create(rt);
        accounts = new Accounts(system, rt.machines(), 10, 100);
        accounts.awaitStarted(Duration.ofSeconds(10));
        api = new BankApi(accounts, system, new BankMetrics(), () -> 0);
    }

    @AfterEach
    void stop() {
        system.close();
        rt.close();
    }

    private Reply send(HttpMethod method, String uri, String body) {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri,
                Unpooled.copiedBuffer(body == null ? "" : body, StandardCharsets.UTF_8));
        try {
            FullHttpResponse res = api.handle(req);
            try {
                return new Reply(res.status().code(), res.content().toString(StandardCharsets.UTF_8));
            } finally {
                res.release();
            }
        } finally {
            req.release();
        }
    }

    private Reply transfer(String json) {
        return send(HttpMethod.POST, "/transfers", json);
    }

    @Test
    void anAccountIsReadAndAnUnknownOneIs404() {
        assertThat(send(HttpMethod.GET, "/accounts/a7", null)).isEqualTo(new Reply(200, "{\"id\":\"a7\",\"balance\":100}"));
        assertThat(send(HttpMethod.GET, "/accounts/a10", null).status()).isEqualTo(404);
        assertThat(send(HttpMethod.GET, "/accounts/a07", null).status()).isEqualTo(404);
        assertThat(send(HttpMethod.GET, "/accounts/b1", null)).isEqualTo(new Reply(404, "{\"error\":\"unknown account b1\"}"));
        assertThat(send(HttpMethod.GET, "/accounts/a99999999999999", null).status()).isEqualTo(404);
    }

    @Test
    void aUriWithABrokenEscapeIsA400() {
        assertThat(send(HttpMethod.GET, "/accounts/a%", null).status()).isEqualTo(400);
        assertThat(send(HttpMethod.POST, "/transfers%zz", "{}").body()).startsWith("{\"error\":\"malformed URI");
    }

    @Test
    void aTransferMovesMoneyAndTheTotalStays() {
        assertThat(transfer("{\"from\":\"a1\",\"to\":\"a2\",\"amount\":10}")).isEqualTo(new Reply(200, "{\"status\":\"ok\"}"));
        assertThat(send(HttpMethod.GET, "/accounts/a1", null).body()).isEqualTo("{\"id\":\"a1\",\"balance\":90}");
        assertThat(send(HttpMethod.GET, "/accounts/a2", null).body()).isEqualTo("{\"id\":\"a2\",\"balance\":110}");
        assertThat(send(HttpMethod.GET, "/total", null)).isEqualTo(new Reply(200, "{\"accounts\":10,\"total\":1000}"));
    }

    @Test
    void insufficientFundsIs409AndChangesNothing() {
        assertThat(transfer("{\"from\":\"a1\",\"to\":\"a2\",\"amount\":101}"))
                .isEqualTo(new Reply(409, "{\"error\":\"insufficient funds\"}"));
        assertThat(send(HttpMethod.GET, "/accounts/a1", null).body()).contains("\"balance\":100");
    }

    @Test
    void badJsonAndBadAmountsAre400() {
        assertThat(transfer("{\"from\":\"a1\",").status()).isEqualTo(400);
        assertThat(transfer("{\"from\":\"a1\",").body()).startsWith("{\"error\":\"malformed JSON: ");
        assertThat(transfer("[1,2]").body()).isEqualTo("{\"error\":\"the body must be a JSON object\"}");
        assertThat(transfer("").status()).isEqualTo(400);
        for (String amount : List.of("0", "-5", "1.5", "\"10\"", "null", "1e3", "99999999999999999999999")) {
            assertThat(transfer("{\"from\":\"a1\",\"to\":\"a2\",\"amount\":" + amount + "}"))
                    .as("amount " + amount)
                    .isEqualTo(new Reply(400, "{\"error\":\"\\\"amount\\\" must be a positive integer\"}"));
        }
        assertThat(transfer("{\"to\":\"a2\",\"amount\":1}").status()).isEqualTo(400);
        assertThat(transfer("{\"from\":\"a1\",\"to\":\"a1\",\"amount\":1}").status()).isEqualTo(400);
        assertThat(send(HttpMethod.GET, "/total", null).body()).isEqualTo("{\"accounts\":10,\"total\":1000}");
    }

    @Test
    void anUnknownAccountInATransferIs404() {
        assertThat(transfer("{\"from\":\"a1\",\"to\":\"a77\",\"amount\":1}"))
                .isEqualTo(new Reply(404, "{\"error\":\"unknown account a77\"}"));
        assertThat(transfer("{\"from\":\"zz\",\"to\":\"a1\",\"amount\":1}"))
                .isEqualTo(new Reply(404, "{\"error\":\"unknown account zz\"}"));
    }

    @Test
    void healthMetricsAndWrongMethodsOrPaths() {
        assertThat(send(HttpMethod.GET, "/health", null)).isEqualTo(new Reply(200, "{\"status\":\"up\"}"));
        transfer("{\"from\":\"a1\",\"to\":\"a2\",\"amount\":1}");
        String metrics = send(HttpMethod.GET, "/metrics", null).body();
        assertThat(metrics).contains("bank_accounts 10.0\n").contains("bank_transfers_total{outcome=\"ok\"} 1.0\n")
                .contains("bank_http_responses_total{code=\"200\"}").contains("# TYPE bank_actors_live gauge");
        assertThat(send(HttpMethod.GET, "/transfers", null).status()).isEqualTo(405);
        assertThat(send(HttpMethod.DELETE, "/accounts/a1", null).status()).isEqualTo(405);
        assertThat(send(HttpMethod.GET, "/nowhere", null).status()).isEqualTo(404);
    }

    @Test
    void badOptionsAreOneLineErrors() {
        assertThatThrownBy(() -> BankSample.run(List.of("--accounts", "0")))
                .isInstanceOf(Options.BadOptionException.class).hasMessage("bank: --accounts must be between 1 and 10000000, not 0");
        assertThatThrownBy(() -> BankSample.run(List.of("--listen", "nowhere")))
                .isInstanceOf(Options.BadOptionException.class).hasMessageStartingWith("bank: --listen");
    }
}
