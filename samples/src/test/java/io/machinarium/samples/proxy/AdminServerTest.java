package io.machinarium.samples.proxy;

import static io.machinarium.samples.Clients.T;
import static io.machinarium.samples.Clients.readToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.samples.Clients;
import io.machinarium.samples.HostPort;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy's admin listener in this JVM: Netty's HTTP codec in front, Micrometer's Prometheus text behind. */
class AdminServerTest {
    private ProxyServer proxy;
    private int admin;

    @BeforeEach
    void start() {
        proxy = ProxyServer.start(new ProxySettings(new HostPort("127.0.0.1", 0), List.of(), 2, Balance.ROUND_ROBIN,
                null, null, null, Duration.ofSeconds(2), Duration.ZERO, 100, new HostPort("127.0.0.1", 0),
                Duration.ofSeconds(1)));
        admin = ((InetSocketAddress) proxy.adminAddress()).getPort();
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    private String raw(String request, String... pieces) throws Exception {
        try (Socket s = Clients.connect(admin)) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            for (String p : pieces) {
                s.getOutputStream().flush();
                s.getOutputStream().write(p.getBytes(StandardCharsets.ISO_8859_1));
            }
            return readToEnd(s.getInputStream());
        }
    }

    @Test
    void metricsAreThePrometheusTextOfTheProxyAndItsMachines() throws Exception {
        HttpResponse<String> r = Clients.get(admin, "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(r.body()).contains("# TYPE proxy_errors_total counter\n", "proxy_errors_total{kind=\"relay_io\"} 0.0\n",
                "proxy_connections_active 0.0\n", "# TYPE proxy_backend_up gauge\n", "machinarium_switches_total{");
    }

    @Test
    void theCoroutineDumpIsStreamedInChunks() throws Exception {
        String r = raw("GET /coroutines HTTP/1.1\r\nHost: admin\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 200 OK\r\n").contains("transfer-encoding: chunked\r\n", "\"accept clients\"")
                .endsWith("\r\n0\r\n\r\n");
    }

    @Test
    void aRequestArrivingInPiecesIsAnswered() throws Exception {
        assertThat(raw("GET /met", "rics HTTP/1.1\r\nHo", "st: admin\r\n\r\n")).startsWith("HTTP/1.1 200 OK\r\n")
                .contains("proxy_connections_total 0.0\n");
    }

    @Test
    void wrongMethodsPathsAndGarbageGetTheirStatus() throws Exception {
        assertThat(raw("POST /metrics HTTP/1.1\r\nHost: admin\r\nContent-Length: 0\r\n\r\n"))
                .startsWith("HTTP/1.1 405 Method Not Allowed\r\n").contains("allow: GET\r\n");
        assertThat(Clients.get(admin, "/nothing").statusCode()).isEqualTo(404);
        assertThat(raw("this is not HTTP\r\n\r\n")).startsWith("HTTP/1.1 400 Bad Request\r\n");
        assertThat(raw("GET /%zz HTTP/1.1\r\nHost: admin\r\n\r\n")).startsWith("HTTP/1.1 400 Bad Request\r\n");
    }
}
