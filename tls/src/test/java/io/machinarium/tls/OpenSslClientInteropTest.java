package io.machinarium.tls;

import static io.machinarium.tls.TlsTesting.T;
import static io.machinarium.tls.TlsTesting.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.machinarium.net.IoContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code openssl s_client} against our server. */
class OpenSslClientInteropTest {
    private final Machinarium rt = Runtimes.start(1);

    @BeforeEach
    void needsOpenssl() {
        assumeThat(OpenSslCommand.installed()).as("the openssl command is not installed (.ci/run installs it)").isTrue();
    }

    @AfterEach
    void close() {
        rt.close();
    }

    /** Our server answers each "ping\n" with "pong\n" after the handshake, and records the session. */
    private static Consumer<IoContext> pingPong(TlsConfig sc, AtomicReference<TlsSession> session) {
        return io -> {
            session.set(Tls.upgrade(io, sc, T));
            assertThat(new String(io.readBytes(5, T), StandardCharsets.US_ASCII)).isEqualTo("ping\n");
            io.write("pong\n".getBytes(StandardCharsets.US_ASCII));
            io.drain(T);
        };
    }

    private static int port(TlsTesting.Server srv) {
        return ((InetSocketAddress) srv.address).getPort();
    }

    private static String[] clientArgs(String... extra) {
        String[] base = {"-CAfile", TestCerts.ca().toString(), "-verify_return_error", "-servername", "server.test"};
        String[] out = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, out, base.length, extra.length);
        return out;
    }

    private TlsSession pingFromOpenssl(TlsConfig sc, String... args) throws Exception {
        AtomicReference<TlsSession> session = new AtomicReference<>();
        TlsTesting.Server srv = TlsTesting.Server.once(rt.machine(0), pingPong(sc, session));
        try (OpenSslCommand c = OpenSslCommand.client(port(srv), args)) {
            c.send("ping\n");
            c.await("pong", T);
            assertThat(c.output()).contains("Verify return code: 0 (ok)");
        }
        srv.joinOk();
        return session.get();
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void tls13FromOpensslClientWithSniAndAlpn(TlsProvider p) throws Exception {
        TlsSession s = pingFromOpenssl(server(p).alpn("h2", "http/1.1").build(),
                clientArgs("-tls1_3", "-alpn", "http/1.1"));
        assertThat(s.protocol()).isEqualTo("TLSv1.3");
        assertThat(s.requestedServerName()).isEqualTo("server.test");
        assertThat(s.applicationProtocol()).isEqualTo("http/1.1");
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void tls12FromOpensslClient(TlsProvider p) throws Exception {
        TlsSession s = pingFromOpenssl(server(p).build(), clientArgs("-tls1_2"));
        assertThat(s.protocol()).isEqualTo("TLSv1.2");
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void mutualTlsFromOpensslClient(TlsProvider p) throws Exception {
        TlsSession s = pingFromOpenssl(server(p).verify(TlsVerify.PEER).caFile(TestCerts.ca()).build(),
                clientArgs("-cert", TestCerts.file("client.pem").toString(), "-key", TestCerts.file("client.key").toString()));
        assertThat(s.peerCertificate().getSubjectX500Principal().getName()).isEqualTo("CN=client");
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void anOpensslClientWithoutCertificateIsRefused(TlsProvider p) throws Exception {
        TlsConfig sc = server(p).verify(TlsVerify.PEER).caFile(TestCerts.ca()).build();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        TlsTesting.Server srv = TlsTesting.Server.once(rt.machine(0), io -> {
            try {
                Tls.upgrade(io, sc, T);
            } catch (TlsHandshakeException e) {
                failure.set(e);
            }
        });
        try (OpenSslCommand c = OpenSslCommand.client(port(srv), clientArgs("-tls1_2"))) {
            c.send("ping\n");
            srv.joinOk();
        }
        assertThat(failure.get()).isInstanceOf(TlsHandshakeException.class)
                .hasMessageContaining("the client sent no certificate, but one is required");
        assertThat(((TlsHandshakeException) failure.get()).failure()).isEqualTo(TlsFailure.MISSING_CLIENT_CERTIFICATE);
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void postgresStarttlsFromOpensslClient(TlsProvider p) throws Exception {
        TlsConfig sc = server(p).build();
        AtomicReference<TlsSession> session = new AtomicReference<>();
        Consumer<IoContext> afterRequest = pingPong(sc, session);
        TlsTesting.Server srv = TlsTesting.Server.once(rt.machine(0), io -> {
            assertThat(io.readBytes(8, T)).containsExactly(StartTlsTest.SSL_REQUEST);
            io.write(new byte[] {'S'});
            afterRequest.accept(io);
        });
        try (OpenSslCommand c = OpenSslCommand.client(port(srv), clientArgs("-starttls", "postgres"))) {
            c.send("ping\n");
            c.await("pong", T);
        }
        srv.joinOk();
        assertThat(session.get().protocol()).isEqualTo("TLSv1.3");
    }
}
