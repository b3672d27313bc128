package io.machinarium.tls;

import static io.machinarium.tls.TlsTesting.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.machinarium.net.IoContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The default cipher suites are forward-secret AEAD only, on both providers, checked against {@code openssl}
 * offering one TLS 1.2 suite at a time: RSA key exchange and CBC suites are refused, ECDHE with GCM or
 * ChaCha20-Poly1305 accepted; {@link TlsConfig.Builder#ciphers} still enables a suite the defaults leave out.
 */
class CipherDefaultsTest {
    private final Machinarium rt = Runtimes.start(1);

    @BeforeEach
    void needsOpenssl() {
        assumeThat(OpenSslCommand.installed()).as("the openssl command is not installed (.ci/run installs it)").isTrue();
    }

    @AfterEach
    void close() {
        rt.close();
    }

    /** OpenSSL names: RSA key exchange (no forward secrecy), with GCM and with CBC, and ECDHE with CBC. */
    private static final List<String> REFUSED = List.of("AES128-GCM-SHA256", "AES256-GCM-SHA384", "AES128-SHA",
            "AES256-SHA", "AES128-SHA256", "ECDHE-RSA-AES128-SHA", "ECDHE-RSA-AES256-SHA",
            "ECDHE-RSA-AES128-SHA256", "ECDHE-RSA-AES256-SHA384");
    private static final List<String> ACCEPTED = List.of("ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384",
            "ECDHE-RSA-CHACHA20-POLY1305");

    static Stream<Arguments> refused() {
        return each(REFUSED);
    }

    static Stream<Arguments> accepted() {
        return each(ACCEPTED);
    }

    private static Stream<Arguments> each(List<String> suites) {
        List<Arguments> out = new ArrayList<>();
        for (TlsProvider p : TlsTesting.providers()) {
            for (String s : suites) {
                out.add(Arguments.of(p, s));
            }
        }
        return out.stream();
    }

    /** Our server; openssl s_client offers only {@code suite} with TLS 1.2. @return the server's failure, or null */
    private Throwable opensslClientOffering(TlsConfig sc, String suite, AtomicReference<TlsSession> session)
            throws Exception {
        CompletableFuture<Throwable> handshake = new CompletableFuture<>();
        TlsTesting.Server srv = TlsTesting.Server.once(rt.machine(0), io -> {
            try {
                session.set(Tls.upgrade(io, sc, T));
                handshake.complete(null);
            } catch (TlsHandshakeException e) {
                handshake.complete(e);
                return;
            }
            assertThat(new String(io.readBytes(5, T), StandardCharsets.US_ASCII)).isEqualTo("ping\n");
            io.write("pong\n".getBytes(StandardCharsets.US_ASCII));
            io.drain(T);
        });
        int port = ((InetSocketAddress) srv.address).getPort();
        Throwable failure;
        try (OpenSslCommand c = OpenSslCommand.client(port, "-CAfile", TestCerts.ca().toString(), "-tls1_2",
                "-cipher", suite)) {
            failure = handshake.get(T.toSeconds(), TimeUnit.SECONDS);
            if (failure == null) {
                c.send("ping\n");
                c.await("pong", T);
                assertThat(c.output()).contains("Cipher is " + suite);
            } else {
                assertThat(c.waitForExit(T)).as("openssl ends after the refusal").isTrue();
                assertThat(c.output()).contains("Cipher is (NONE)");
            }
            srv.joinOk();
        }
        return failure;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("refused")
    void theServerRefusesASuiteWithoutForwardSecrecyOrAead(TlsProvider p, String suite) throws Exception {
        Throwable failure = opensslClientOffering(TlsTesting.server(p).build(), suite, new AtomicReference<>());
        assertThat(failure).isInstanceOf(TlsHandshakeException.class)
                .hasMessageContaining("the two sides enable no cipher suite in common");
        assertThat(((TlsHandshakeException) failure).failure()).isEqualTo(TlsFailure.NO_COMMON_PROTOCOL);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("accepted")
    void theServerAcceptsAForwardSecretAeadSuite(TlsProvider p, String suite) throws Exception {
        AtomicReference<TlsSession> session = new AtomicReference<>();
        assertThat(opensslClientOffering(TlsTesting.server(p).build(), suite, session)).isNull();
        assertThat(session.get().protocol()).isEqualTo("TLSv1.2");
        assertThat(session.get().cipherSuite()).startsWith("TLS_ECDHE_RSA_WITH_");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void aSuiteLeftOutOfTheDefaultsCanStillBeEnabled(TlsProvider p) throws Exception {
        TlsConfig sc = TlsTesting.server(p).ciphers("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA").build();
        AtomicReference<TlsSession> session = new AtomicReference<>();
        assertThat(opensslClientOffering(sc, "ECDHE-RSA-AES128-SHA", session)).isNull();
        assertThat(session.get().cipherSuite()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("refused")
    void theClientRefusesAServerOfferingOnlyASuiteWithoutForwardSecrecyOrAead(TlsProvider p, String suite)
            throws Exception {
        int port = OpenSslCommand.freePort();
        TlsConfig cc = TlsTesting.client(p).build();
        try (OpenSslCommand s = OpenSslCommand.server(port, "-cert", "server.pem", "-key", "server.key", "-tls1_2",
                "-cipher", suite)) {
            TlsTesting.on(rt.machine(0), () -> {
                try (IoContext io = IoContext.connect(new InetSocketAddress("127.0.0.1", port), T)) {
                    assertThatThrownBy(() -> Tls.upgrade(io, cc, T)).isInstanceOf(TlsHandshakeException.class);
                }
            });
        }
    }
}
