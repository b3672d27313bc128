package io.machinarium.samples.bank;

import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.actors.ActorSystem;
import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.machinarium.net.IoContext;
import io.machinarium.net.ListenOptions;
import io.machinarium.net.Listener;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * 200 pipelined requests in one write, more than Netty's HTTP codec queues by default: every one is
 * answered, in order, and the connection ends cleanly after the client's end — never a bare FIN.
 */
class BankPipeliningTest {
    private static final Duration T = Duration.ofSeconds(20);
    private static final int REQUESTS = 200;
    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");

    @Test
    void twoHundredPipelinedRequestsGetTwoHundredAnswersInOrder() throws Exception {
        try (Machinarium rt = Runtimes.start(2); ActorSystem system = ActorSystem.create(rt)) {
            Accounts accounts = new Accounts(system, rt.machines(), 10, 100);
            accounts.awaitStarted(T);
            BankApi api = new BankApi(accounts, system, new BankMetrics(), () -> 1);
            CompletableFuture<InetSocketAddress> addr = new CompletableFuture<>();
            Coroutine server = rt.machine(1).spawn(() -> {
                try (Listener l = Listener.bind(new InetSocketAddress("127.0.0.1", 0),
                        ListenOptions.defaults().withIo(BankConnection.http(HttpLimits.DEFAULTS)))) {
                    addr.complete((InetSocketAddress) l.localAddress());
                    try (IoContext io = l.accept(T)) {
                        BankConnection.serve(io, api, new AtomicBoolean());
                    }
                }
            });
            StringBuilder pipelined = new StringBuilder();
            for (int i = 0; i < REQUESTS; i++) {
                pipelined.append(i % 2 == 0 ? "GET /health" : "GET /accounts/a" + (i % 10))
                        .append(" HTTP/1.1\r\nHost: bank\r\n\r\n");
            }
            String answers;
            try (Socket s = new Socket()) {
                s.connect(addr.get(T.toSeconds(), TimeUnit.SECONDS));
                s.setSoTimeout((int) T.toMillis());
                s.getOutputStream().write(pipelined.toString().getBytes(StandardCharsets.US_ASCII));  // one write
                s.shutdownOutput();
                answers = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
            List<Integer> statuses = new ArrayList<>();
            for (Matcher m = STATUS.matcher(answers); m.find(); ) {
                statuses.add(Integer.parseInt(m.group(1)));
            }
            assertThat(statuses).as(answers.length() > 2000 ? answers.substring(answers.length() - 2000) : answers)
                    .hasSize(REQUESTS).containsOnly(200);
            String[] bodies = answers.split("HTTP/1\\.1 200 OK");
            for (int i = 0; i < REQUESTS; i++) {
                assertThat(bodies[i + 1]).as("answer " + i + " in order").endsWith(i % 2 == 0 ? "{\"status\":\"up\"}"
                        : "{\"id\":\"a" + (i % 10) + "\",\"balance\":100}");
            }
            server.join(T);
        }
    }
}
