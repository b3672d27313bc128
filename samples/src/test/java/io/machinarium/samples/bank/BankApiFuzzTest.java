package io.machinarium.samples.bank;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.machinarium.actors.ActorSystem;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the bank's request handling ({@code BankApi.handle}) with arbitrary methods, URIs and bodies,
 * half of them shaped like transfers so that money really moves: every request gets a client status
 * (200, 400, 404, 405 or 409 — never an exception or a 5xx), no balance goes negative and the total
 * stays what it was. One in-process bank serves the whole run.
 */
class BankApiFuzzTest {
    private static final int ACCOUNTS = 8;
    private static final long INITIAL = 100;
    private static final Set<Integer> CLIENT_STATUSES = Set.of(200, 400, 404, 405, 409);
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"};
    private static final String[] PATHS = {"/transfers", "/accounts/", "/total", "/health", "/metrics", "/", ""};

    private static Machinarium rt;
    private static ActorSystem system;
    private static Accounts accounts;
    private static BankApi api;

    @BeforeAll
    static void openTheBank() throws InterruptedException {
        rt = Runtimes.start(2);
        system = ActorSystem.create(rt);
        accounts = new Accounts(system, rt.machines(), ACCOUNTS, INITIAL);
        accounts.awaitStarted(Duration.ofSeconds(20));
        api = new BankApi(accounts, system, new BankMetrics(), () -> 0);
    }

    @AfterAll
    static void closeTheBank() {
        system.close();
        rt.close();
    }

    @FuzzTest(maxDuration = "30s")
    @DictionaryEntries({"{", "}", "\"from\"", "\"to\"", "\"amount\"", ":", ",", "\"a1\"", "a0", "%", "?", "#", "/",
        "1e3", "-1", "9223372036854775807", "null", "[]"})
    void anyRequestGetsAClientStatusAndKeepsTheMoney(FuzzedDataProvider data) {
        HttpMethod method = method(data);
        String uri = data.pickValue(PATHS) + data.consumeString(40);
        byte[] body = data.consumeBoolean() ? transferLike(data) : data.consumeBytes(512);
        FullHttpRequest req;
        try {
            req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri, Unpooled.wrappedBuffer(body));
        } catch (IllegalArgumentException e) {  // a request line Netty's decoder would refuse: never reaches the API
            return;
        }
        if (data.consumeBoolean()) {
            req.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("fuzzed decoder failure")));
        }
        int status;
        String answer;
        try {
            FullHttpResponse res = api.handle(req);
            status = res.status().code();
            answer = res.content().toString(StandardCharsets.UTF_8);
            res.release();
        } finally {
            req.release();
        }
        assertThat(CLIENT_STATUSES).as("%s %s %s answered %d %s", method, uri, new String(body, StandardCharsets.UTF_8),
                status, answer).contains(status);
        long total = 0;
        for (int i = 0; i < ACCOUNTS; i++) {
            long balance = accounts.balance("a" + i);
            assertThat(balance).as("balance of a%d", i).isNotNegative();
            total += balance;
        }
        assertThat(total).as("the bank's total").isEqualTo(ACCOUNTS * INITIAL);
    }

    private static HttpMethod method(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            return HttpMethod.valueOf(data.pickValue(METHODS));
        }
        try {
            return HttpMethod.valueOf(data.consumeString(10));
        } catch (IllegalArgumentException e) {  // not an HTTP token: the codec would never produce it
            return HttpMethod.GET;
        }
    }

    private static byte[] transferLike(FuzzedDataProvider data) {
        String from = data.consumeBoolean() ? "a" + data.consumeInt(-1, ACCOUNTS) : data.consumeString(8);
        String to = data.consumeBoolean() ? "a" + data.consumeInt(-1, ACCOUNTS) : data.consumeString(8);
        String amount = data.consumeBoolean() ? Long.toString(data.consumeLong(-5, 2 * INITIAL))
                : data.consumeString(12);
        return ("{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"amount\":" + amount + "}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
