package io.machinarium.tls;

import static io.machinarium.tls.TlsTesting.T;
import static io.machinarium.tls.TlsTesting.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.machinarium.net.IoContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Our client against {@code openssl s_server}: a TLS implementation nobody here wrote. */
class OpenSslServerInteropTest {
    private final Machinarium rt = Runtimes.start(1);

    @BeforeEach
    void needsOpenssl() {
        assumeThat(OpenSslCommand.installed()).as("the openssl command is not installed (.ci/run installs it)").isTrue();
    }

    @AfterEach
    void close() {
        rt.close();
    }

    private String[] serverCert() {
        return new String[] {"-cert", TestCerts.file("server.pem").toString(), "-key", TestCerts.file("server.key").toString()};
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Connects, upgrades, sends a line to s_server in -rev mode and checks it comes back reversed. */
    private TlsSession talk(int port, TlsConfig cc) {
        AtomicReference<TlsSession> s = new AtomicReference<>();
        TlsTesting.on(rt.machine(0), () -> {
            try (IoContext io = IoContext.connect(new InetSocketAddress("127.0.0.1", port), T)) {
                s.set(Tls.upgrade(io, cc, T));
                io.write("machinarium\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(io.readBytes(12, T), StandardCharsets.US_ASCII)).isEqualTo("muiranihcam\n");
            }
        });
        return s.get();
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void tls13WithOpensslServer(TlsProvider p) throws Exception {
        int port = OpenSslCommand.freePort();
        try (OpenSslCommand srv = OpenSslCommand.server(port, concat(serverCert(), "-rev", "-tls1_3"))) {
            TlsSession s = talk(port, client(p).build());
            assertThat(s.protocol()).isEqualTo("TLSv1.3");
            assertThat(s.peerCertificate().getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        }
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void tls12WithOpensslServer(TlsProvider p) throws Exception {
        int port = OpenSslCommand.freePort();
        try (OpenSslCommand srv = OpenSslCommand.server(port, concat(serverCert(), "-rev", "-tls1_2"))) {
            TlsSession s = talk(port, client(p).build());
            assertThat(s.protocol()).isEqualTo("TLSv1.2");
            assertThat(s.cipherSuite()).startsWith("TLS_ECDHE_RSA_WITH_");
        }
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void alpnWithOpensslServer(TlsProvider p) throws Exception {
        int port = OpenSslCommand.freePort();
        try (OpenSslCommand srv = OpenSslCommand.server(port, concat(serverCert(), "-rev", "-alpn", "h2,http/1.1"))) {
            TlsSession s = talk(port, client(p).alpn("http/1.1", "h2").build());
            assertThat(s.applicationProtocol()).isIn("http/1.1", "h2");
        }
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void sniReachesOpensslServerWhichRefusesOtherNames(TlsProvider p) throws Exception {
        int port = OpenSslCommand.freePort();
        String[] args = concat(serverCert(), "-rev", "-servername", "server.test", "-servername_fatal",
                "-cert2", TestCerts.file("server.pem").toString(), "-key2", TestCerts.file("server.key").toString());
        try (OpenSslCommand srv = OpenSslCommand.server(port, args)) {
            talk(port, client(p).serverName("server.test").build());
            srv.await("Hostname in TLS extension: \"server.test\"", T);
        }
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void mutualTlsWithOpensslServer(TlsProvider p) throws Exception {
        int port = OpenSslCommand.freePort();
        String[] args = concat(serverCert(), "-rev", "-Verify", "2", "-verify_return_error", "-CAfile",
                TestCerts.ca().toString());
        try (OpenSslCommand srv = OpenSslCommand.server(port, args)) {
            TlsSession s = talk(port, client(p).certificate(TestCerts.file("client.pem"), TestCerts.file("client.key"))
                    .build());
            assertThat(s.localCertificates().get(0).getSubjectX500Principal().getName()).isEqualTo("CN=client");
            srv.await("CN = client", T);
        }
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void anOpensslServerWithACertificateFromAnotherCaIsAnUnknownCa(TlsProvider p) throws Exception {
        int port = OpenSslCommand.freePort();
        String[] args = {"-cert", TestCerts.file("foreign.pem").toString(), "-key", TestCerts.file("foreign.key").toString()};
        try (OpenSslCommand srv = OpenSslCommand.server(port, args)) {
            AtomicReference<Throwable> e = new AtomicReference<>();
            TlsConfig cc = client(p).build();
            TlsTesting.on(rt.machine(0), () -> {
                try (IoContext io = IoContext.connect(new InetSocketAddress("127.0.0.1", port), T)) {
                    Tls.upgrade(io, cc, T);
                } catch (TlsHandshakeException x) {
                    e.set(x);
                }
            });
            assertThat(e.get()).isInstanceOf(TlsHandshakeException.class)
                    .hasMessageContaining("the peer's certificate is not signed by a trusted CA (unknown CA)");
            assertThat(((TlsHandshakeException) e.get()).failure()).isEqualTo(TlsFailure.UNKNOWN_CA);
        }
    }
}
