package io.machinarium.samples.proxy;

import static io.machinarium.samples.Clients.T;
import static io.machinarium.samples.Clients.adminPort;
import static io.machinarium.samples.Clients.readExactly;
import static io.machinarium.samples.Clients.readToEnd;
import static io.machinarium.samples.Clients.readyPort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.samples.ChildProcess;
import io.machinarium.samples.Clients;
import io.machinarium.samples.TestCerts;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/sample proxy} started as a user would, driven by clients no one here wrote ({@code redis-cli},
 * {@code redis-benchmark}, {@code openssl s_client}) in front of real backends ({@code redis-server},
 * {@code openssl s_server}), and by plain sockets where the test must control each byte and half-close.
 */
class ProxySampleIT {
    @TempDir
    Path dir;

    private static ChildProcess proxy(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("proxy", "--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0"));
        args.addAll(List.of(options));
        return ChildProcess.sample(args.toArray(String[]::new));
    }

    private static String metrics(ChildProcess proxy) throws Exception {
        var r = Clients.get(adminPort(proxy), "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static String redisCli(Path dir, int port, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        cmd.addAll(List.of(command));
        return TestBackends.run(dir, cmd.toArray(String[]::new));
    }

    @Test
    void redisCliAndRedisBenchmarkWorkThroughTheProxy() throws Exception {
        try (TestBackends.Redis redis = TestBackends.redis(dir);
             ChildProcess proxy = proxy("--backend", "127.0.0.1:" + redis.port(), "--balance", "least-conn")) {
            int port = readyPort(proxy);
            assertThat(redisCli(dir, port, "SET", "greeting", "hello through the proxy")).isEqualTo("OK\nexit 0");
            assertThat(redisCli(dir, port, "GET", "greeting")).isEqualTo("hello through the proxy\nexit 0");
            String bench = TestBackends.run(dir, "redis-benchmark", "-h", "127.0.0.1", "-p", Integer.toString(port),
                    "-n", "2000", "-c", "8", "-t", "set,get", "-q");
            assertThat(bench).containsPattern("SET: [\\d.]+ requests per second")
                    .containsPattern("GET: [\\d.]+ requests per second").endsWith("exit 0").doesNotContain("rror");
            String m = metrics(proxy);
            assertThat(Clients.metric(m, "proxy_connections_total")).isBetween(10.0, 99.0);
            assertThat(Clients.metric(m, "proxy_bytes_total{direction=\"client_to_backend\"}")).isGreaterThanOrEqualTo(1e4);
            assertThat(Clients.metric(m, "proxy_bytes_total{direction=\"backend_to_client\"}")).isGreaterThanOrEqualTo(1e3);
            assertThat(m).contains("proxy_backend_up{backend=\"127.0.0.1:" + redis.port() + "\"} 1.0\n");
        }
    }

    @Test
    void aBackendThatRefusesIsSkippedAndShownDown() throws Exception {
        int dead = ChildProcess.freePort();
        try (TestBackends.Redis redis = TestBackends.redis(dir);
             ChildProcess proxy = proxy("--backend", "127.0.0.1:" + dead + ",127.0.0.1:" + redis.port())) {
            int port = readyPort(proxy);
            // Round-robin would start the first and third clients at the dead backend; once it refused, it
            // is marked down and tried only after the live one.
            for (int i = 0; i < 3; i++) {
                assertThat(redisCli(dir, port, "PING")).isEqualTo("PONG\nexit 0");
            }
            String m = metrics(proxy);
            assertThat(m).contains("proxy_backend_up{backend=\"127.0.0.1:" + dead + "\"} 0.0\n")
                    .contains("proxy_backend_up{backend=\"127.0.0.1:" + redis.port() + "\"} 1.0\n")
                    .contains("proxy_errors_total{kind=\"backend_refused\"} 1.0\n")
                    .contains("proxy_errors_total{kind=\"no_backend\"} 0.0\n");
        }
    }

    @Test
    void aClientOverMaxConnsIsClosedAtOnce() throws Exception {
        try (ChildProcess proxy = proxy("--max-conns", "1")) {
            int port = readyPort(proxy);
            try (Socket first = Clients.connect(port)) {
                echo(first, "first\n");
                try (Socket second = Clients.connect(port)) {
                    second.setSoTimeout((int) T.toMillis());  // a connection the proxy kept would time out here
                    assertThat(second.getInputStream().read()).isEqualTo(-1);
                }
                echo(first, "first still served\n");
            }
            assertThat(metrics(proxy)).contains("proxy_errors_total{kind=\"max_conns\"} 1.0\n");
        }
    }

    private static void echo(Socket s, String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        s.getOutputStream().write(b);
        assertThat(new String(readExactly(s.getInputStream(), b.length), StandardCharsets.UTF_8)).isEqualTo(text);
    }

    @Test
    void anIdleConnectionEndsAfterTheIdleTimeoutAndABusyOneDoesNot() throws Exception {
        try (ChildProcess proxy = proxy("--idle-timeout", "600")) {
            int port = readyPort(proxy);
            try (Socket idle = Clients.connect(port); Socket busy = Clients.connect(port)) {
                echo(idle, "once\n");
                long start = System.nanoTime();
                CompletableFuture<Duration> idleEnd = CompletableFuture.supplyAsync(() -> {
                    try {
                        assertThat(idle.getInputStream().read()).isEqualTo(-1);
                        return Duration.ofNanos(System.nanoTime() - start);
                    } catch (java.io.IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                for (int i = 0; i < 10; i++) {   // 2 s of a byte every 200 ms
                    echo(busy, "tick " + i + "\n");
                    // kept: the proxy's idle timeout under test runs on real time; a busy peer must stay busy for real
                    Thread.sleep(200);
                }
                // the idle one ended while the busy one was still being served: the timeout is per connection
                assertThat(idleEnd).as("the idle connection ended while the other kept busy").isDone();
                assertThat(idleEnd.get(T.toSeconds(), TimeUnit.SECONDS)).isGreaterThanOrEqualTo(Duration.ofMillis(550));
                echo(busy, "still served after 2 s\n");
            }
            assertThat(metrics(proxy)).contains("proxy_errors_total{kind=\"idle_timeout\"} 1.0\n");
        }
    }

    @Test
    void aClientHalfCloseReachesTheBackendAndTheAnswerStillComesBack() throws Exception {
        TestBackends.OneShot backend = TestBackends.oneShot(s -> {
            String got = readToEnd(s.getInputStream());            // until the client's EOF
            s.getOutputStream().write(("got " + got.length() + " bytes after EOF\n").getBytes(StandardCharsets.UTF_8));
        });
        try (ChildProcess proxy = proxy("--backend", "127.0.0.1:" + backend.port());
             Socket client = Clients.connect(readyPort(proxy))) {
            client.getOutputStream().write("request body".getBytes(StandardCharsets.UTF_8));
            client.shutdownOutput();
            assertThat(readToEnd(client.getInputStream())).isEqualTo("got 12 bytes after EOF\n");
            backend.await();
        }
    }

    @Test
    void aBackendHalfCloseReachesTheClientWhichCanStillSend() throws Exception {
        TestBackends.OneShot backend = TestBackends.oneShot(s -> {
            s.getOutputStream().write("bye\n".getBytes(StandardCharsets.UTF_8));
            s.shutdownOutput();
            assertThat(readToEnd(s.getInputStream())).isEqualTo("still talking\n");
        });
        try (ChildProcess proxy = proxy("--backend", "127.0.0.1:" + backend.port());
             Socket client = Clients.connect(readyPort(proxy))) {
            InputStream in = client.getInputStream();
            assertThat(new String(readExactly(in, 4), StandardCharsets.UTF_8)).isEqualTo("bye\n");
            assertThat(in.read()).as("EOF after the backend's data").isEqualTo(-1);
            OutputStream out = client.getOutputStream();
            out.write("still talking\n".getBytes(StandardCharsets.UTF_8));
            client.shutdownOutput();
            backend.await();
        }
    }

    @Test
    void tlsAtBothEndsWithOpensslOnEachSide() throws Exception {
        int backendPort = ChildProcess.freePort();
        try (ChildProcess backend = ChildProcess.start(TestCerts.DIR, "openssl", "s_server", "-accept",
                "127.0.0.1:" + backendPort, "-naccept", "1", "-rev", "-cert", TestCerts.file("server.pem"),
                "-key", TestCerts.file("server.key"))) {
            backend.await("ACCEPT", T);
            try (ChildProcess proxy = proxy("--backend", "127.0.0.1:" + backendPort,
                    "--tls-cert", TestCerts.file("server.pem"), "--tls-key", TestCerts.file("server.key"),
                    "--backend-tls", "--backend-ca", TestCerts.file("ca.pem"), "--backend-sni", "localhost");
                 ChildProcess client = ChildProcess.start(TestCerts.DIR, "openssl", "s_client", "-connect",
                         "127.0.0.1:" + readyPort(proxy), "-CAfile", TestCerts.file("ca.pem"), "-servername",
                         "localhost", "-verify_return_error", "-brief")) {
                client.await("CONNECTION ESTABLISHED", T);
                client.send("through two tls hops\n");
                assertThat(client.await("spoh slt owt hguorht", T)).contains("Verification: OK");
                assertThat(metrics(proxy)).contains("proxy_errors_total{kind=\"backend_tls\"} 0.0\n");
            }
        }
    }

    @Test
    void aBackendWhoseCertificateTheCaDidNotSignIsRefused() throws Exception {
        int backendPort = ChildProcess.freePort();
        try (ChildProcess backend = ChildProcess.start(TestCerts.DIR, "openssl", "s_server", "-accept",
                "127.0.0.1:" + backendPort, "-naccept", "1", "-rev", "-cert", TestCerts.file("foreign.pem"),
                "-key", TestCerts.file("foreign.key"))) {
            backend.await("ACCEPT", T);
            try (ChildProcess proxy = proxy("--backend", "127.0.0.1:" + backendPort, "--backend-tls",
                    "--backend-ca", TestCerts.file("ca.pem"), "--backend-sni", "localhost");
                 Socket client = Clients.connect(readyPort(proxy))) {
                client.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
                assertThat(client.getInputStream().read()).isEqualTo(-1);
                assertThat(metrics(proxy)).contains("proxy_errors_total{kind=\"backend_tls\"} 1.0\n")
                        .contains("proxy_errors_total{kind=\"no_backend\"} 1.0\n")
                        .contains("proxy_backend_up{backend=\"127.0.0.1:" + backendPort + "\"} 0.0\n");
            }
        }
    }

    @Test
    void sigtermRefusesNewClientsAndLetsAnOpenOneFinishThenExitsZero() throws Exception {
        try (ChildProcess proxy = proxy("--grace", "10000")) {
            int port = readyPort(proxy);
            try (Socket open = Clients.connect(port)) {
                echo(open, "before the signal\n");
                proxy.signal("TERM");
                proxy.await("stopped accepting; 1 connection(s) open", T);
                assertThatThrownBy(() -> Clients.connect(port).close()).isInstanceOf(ConnectException.class);
                echo(open, "after the signal\n");
                assertThat(proxy.isAlive()).isTrue();
            }
            assertThat(proxy.exitCode(Duration.ofSeconds(8))).isZero();
            assertThat(proxy.stdout()).contains("all connections finished");
        }
    }

    @Test
    void sigtermWithAConnectionOpenPastTheGraceStillExitsZeroRightAfterIt() throws Exception {
        try (ChildProcess proxy = proxy("--grace", "1000")) {
            int port = readyPort(proxy);
            try (Socket open = Clients.connect(port)) {
                echo(open, "and then silence\n");
                long start = System.nanoTime();
                proxy.signal("TERM");
                assertThat(proxy.exitCode(Duration.ofSeconds(10))).isZero();
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(6));
                assertThat(proxy.stdout()).contains("grace period over, closing 1 connection(s)");
                assertThat(open.getInputStream().read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void withNoBackendItEchoesAndTheAdminListenerDumpsCoroutines() throws Exception {
        try (ChildProcess proxy = proxy()) {
            int port = readyPort(proxy);
            assertThat(proxy.stdout()).contains("relaying to an embedded echo backend on 127.0.0.1:");
            try (Socket s = Clients.connect(port)) {
                echo(s, "echo via the proxy\n");
                var dump = Clients.get(adminPort(proxy), "/coroutines");
                assertThat(dump.statusCode()).isEqualTo(200);
                assertThat(dump.body()).contains("\"accept clients\"", "machine=acceptor", "\"relay to backend\"",
                        "machine=worker-");
            }
            assertThat(Clients.get(adminPort(proxy), "/nothing").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void helpListsTheOptionsAndBadOptionsExitTwoWithOneLine() throws Exception {
        try (ChildProcess help = ChildProcess.sample("proxy", "--help")) {
            assertThat(help.exitCode(T)).isZero();
            assertThat(help.stdout()).contains("--listen", "--backend", "--machines", "--balance", "--tls-cert",
                    "--backend-tls", "--backend-ca", "--backend-sni", "--connect-timeout", "--idle-timeout",
                    "--max-conns", "--admin", "--grace");
        }
        try (ChildProcess bad = ChildProcess.sample("proxy", "--backend", "db.internal")) {
            assertThat(bad.exitCode(T)).isEqualTo(2);
            assertThat(bad.stderr()).isEqualTo("proxy: --backend needs HOST:PORT, not 'db.internal'\n");
        }
    }
}
