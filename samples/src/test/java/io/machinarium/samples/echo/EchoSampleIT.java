package io.machinarium.samples.echo;

import static io.machinarium.samples.Clients.T;
import static io.machinarium.samples.Clients.readExactly;
import static io.machinarium.samples.Clients.readyPort;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.samples.ChildProcess;
import io.machinarium.samples.Clients;
import io.machinarium.samples.TestCerts;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/sample echo} started as a user would, driven by real clients. */
class EchoSampleIT {
    @Test
    void concurrentClientsGetBackEveryByteTheySent() throws Exception {
        try (ChildProcess echo = ChildProcess.sample("echo", "--listen", "127.0.0.1:0", "--machines", "2")) {
            int port = readyPort(echo);
            List<CompletableFuture<Void>> clients = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int seed = c;
                clients.add(CompletableFuture.runAsync(() -> roundTrip(port, seed, 512 * 1024)));
            }
            for (CompletableFuture<Void> f : clients) {
                f.get(T.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            }
            assertThat(echo.stdout()).contains("echo: 2 worker machine(s)");
        }
    }

    private static void roundTrip(int port, int seed, int size) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        try (Socket s = Clients.connect(port)) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> {
                try {
                    return readExactly(in, size);
                } catch (java.io.IOException e) {
                    throw new RuntimeException(e);
                }
            });
            out.write(data);
            out.flush();
            s.shutdownOutput();
            assertThat(back.get(T.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(data);
            assertThat(in.read()).as("the server closes after the client's end").isEqualTo(-1);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void echoesOnAUnixSocketToo(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("echo.sock");
        try (ChildProcess echo = ChildProcess.sample("echo", "--listen", "127.0.0.1:0", "--unix", sock.toString())) {
            readyPort(echo);
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(sock));
                ch.write(ByteBuffer.wrap("over a unix socket\n".getBytes(StandardCharsets.UTF_8)));
                ByteBuffer got = ByteBuffer.allocate(19);
                while (got.hasRemaining()) {
                    assertThat(ch.read(got)).isNotNegative();
                }
                assertThat(new String(got.array(), StandardCharsets.UTF_8)).isEqualTo("over a unix socket\n");
            }
            echo.signal("TERM");
            assertThat(echo.exitCode(T)).isZero();
            assertThat(Files.exists(sock)).as("the socket file is removed at exit").isFalse();
        }
    }

    @Test
    void opensslSClientTalksTlsToTheEchoServer() throws Exception {
        try (ChildProcess echo = ChildProcess.sample("echo", "--listen", "127.0.0.1:0",
                "--tls-cert", TestCerts.file("server.pem"), "--tls-key", TestCerts.file("server.key"))) {
            int port = readyPort(echo);
            try (ChildProcess client = ChildProcess.start(TestCerts.DIR, "openssl", "s_client", "-connect",
                    "127.0.0.1:" + port, "-CAfile", TestCerts.file("ca.pem"), "-verify_return_error",
                    "-servername", "localhost", "-brief")) {
                client.await("CONNECTION ESTABLISHED", T);
                client.send("hello over tls\n");
                String out = client.await("hello over tls", T);
                assertThat(out).contains("Verification: OK").contains("Protocol version: TLSv1.3");
            }
        }
    }

    @Test
    void sigintLetsAnOpenConnectionFinishThenExitsZero() throws Exception {
        try (ChildProcess echo = ChildProcess.sample("echo", "--listen", "127.0.0.1:0", "--grace", "10000")) {
            int port = readyPort(echo);
            try (Socket open = Clients.connect(port)) {
                open.getOutputStream().write("before\n".getBytes(StandardCharsets.UTF_8));
                assertThat(new String(readExactly(open.getInputStream(), 7), StandardCharsets.UTF_8)).isEqualTo("before\n");
                echo.signal("INT");
                echo.await("stopped accepting; 1 connection(s) open", T);
                Assertions.assertThatThrownBy(() -> Clients.connect(port).close()).isInstanceOf(ConnectException.class);
                open.getOutputStream().write("after\n".getBytes(StandardCharsets.UTF_8));
                assertThat(new String(readExactly(open.getInputStream(), 6), StandardCharsets.UTF_8)).isEqualTo("after\n");
                assertThat(echo.isAlive()).isTrue();
            }
            assertThat(echo.exitCode(Duration.ofSeconds(8))).isZero();
            assertThat(echo.stdout()).contains("echo: got SIGINT").contains("all connections finished");
        }
    }

    @Test
    void helpListsTheOptionsAndBadOptionsExitTwoWithOneLine() throws Exception {
        try (ChildProcess help = ChildProcess.sample("echo", "--help")) {
            assertThat(help.exitCode(T)).isZero();
            assertThat(help.stdout()).contains("--listen", "--unix", "--machines", "--tls-cert", "--tls-key", "--grace");
        }
        try (ChildProcess bad = ChildProcess.sample("echo", "--machines", "zero")) {
            assertThat(bad.exitCode(T)).isEqualTo(2);
            assertThat(bad.stderr()).isEqualTo("echo: --machines must be a whole number, not 'zero'\n");
        }
    }
}
