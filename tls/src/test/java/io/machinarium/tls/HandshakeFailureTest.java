package io.machinarium.tls;

import static io.machinarium.tls.TlsTesting.T;
import static io.machinarium.tls.TlsTesting.client;
import static io.machinarium.tls.TlsTesting.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.testing.Await;
import io.machinarium.core.CancelledException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.CoroutineState;
import io.machinarium.core.Machinarium;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.testing.Runtimes;
import io.machinarium.net.IoContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each way a handshake fails, with the exception type, failure kind and message on the side that can tell. */
class HandshakeFailureTest {
    private final Machinarium rt = Runtimes.start(2);

    @AfterEach
    void close() {
        rt.close();
    }

    /** What each side's upgrade threw (null if it succeeded); both connections are closed afterwards. */
    private record Outcome(Throwable server, Throwable client) {
        TlsHandshakeException clientFailure() {
            assertThat(client).isInstanceOf(TlsHandshakeException.class);
            return (TlsHandshakeException) client;
        }

        TlsHandshakeException serverFailure() {
            assertThat(server).isInstanceOf(TlsHandshakeException.class);
            return (TlsHandshakeException) server;
        }
    }

    private Outcome handshake(TlsConfig sc, TlsConfig cc) {
        AtomicReference<Throwable> se = new AtomicReference<>();
        AtomicBoolean serverOpenAfter = new AtomicBoolean();
        TlsTesting.Server srv = TlsTesting.Server.once(rt.machine(0), io -> {
            try {
                Tls.upgrade(io, sc, T);
                TlsTesting.drain(io);
            } catch (TlsHandshakeException e) {
                se.set(e);
                serverOpenAfter.set(io.isOpen());
            } catch (RuntimeException e) {
                se.compareAndSet(null, e);  // a post-handshake failure (TLS 1.3 client-certificate checks)
            }
        });
        AtomicReference<Throwable> ce = new AtomicReference<>();
        rt.machine(1).spawn(() -> {
            try (IoContext io = IoContext.connect(srv.address, T)) {
                try {
                    Tls.upgrade(io, cc, T);
                } catch (TlsHandshakeException e) {
                    ce.set(e);
                    assertThat(io.isOpen()).as("closed after a failed handshake").isFalse();
                }
            }
        }).join(T);
        srv.joinOk();
        assertThat(serverOpenAfter.get()).as("server closed after a failed handshake").isFalse();
        return new Outcome(se.get(), ce.get());
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void aServerCertificateFromAnotherCaIsAnUnknownCa(TlsProvider p) {
        TlsConfig sc = TlsConfig.server(TestCerts.file("foreign.pem"), TestCerts.file("foreign.key")).provider(p).build();
        TlsHandshakeException e = handshake(sc, client(p).build()).clientFailure();
        assertThat(e.failure()).isEqualTo(TlsFailure.UNKNOWN_CA);
        assertThat(e).hasMessageContaining("failed: the peer's certificate is not signed by a trusted CA (unknown CA)");
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void aServerCertificateForAnotherHostIsANameMismatch(TlsProvider p) {
        TlsConfig sc = TlsConfig.server(TestCerts.file("elsewhere.pem"), TestCerts.file("elsewhere.key")).provider(p).build();
        TlsHandshakeException e = handshake(sc, client(p).build()).clientFailure();
        assertThat(e.failure()).isEqualTo(TlsFailure.NAME_MISMATCH);
        assertThat(e).hasMessageStartingWith("TLS handshake with localhost (")
                .hasMessageContaining("failed: the server's certificate does not name the expected host");
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void aNameMismatchIsOneWhateverTheCertificateIsCalled(TlsProvider p) {
        // OpenSSL's report quotes the certificate's names; "CN=Certificate Expired Inc" made the words say expired
        TlsConfig sc = TlsConfig.server(TestCerts.file("misleading.pem"), TestCerts.file("misleading.key")).provider(p)
                .build();
        TlsHandshakeException e = handshake(sc, client(p).build()).clientFailure();
        assertThat(e.failure()).isEqualTo(TlsFailure.NAME_MISMATCH);
        assertThat(e).hasMessageContaining("failed: the server's certificate does not name the expected host");
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void aMismatchedNameIsAcceptedWhenOnlyThePeerIsVerified(TlsProvider p) {
        TlsConfig sc = TlsConfig.server(TestCerts.file("elsewhere.pem"), TestCerts.file("elsewhere.key")).provider(p).build();
        Outcome o = handshake(sc, client(p).verify(TlsVerify.PEER).build());
        assertThat(o.client()).isNull();
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void anExpiredServerCertificateIsReportedOnBothSides(TlsProvider p) {
        TlsConfig sc = TlsConfig.server(TestCerts.file("expired.pem"), TestCerts.file("expired.key")).provider(p).build();
        Outcome o = handshake(sc, client(p).build());
        assertThat(o.clientFailure().failure()).isEqualTo(TlsFailure.EXPIRED_CERTIFICATE);
        assertThat(o.clientFailure()).hasMessageContaining("the peer's certificate has expired or is not yet valid");
        assertThat(o.serverFailure().failure()).isEqualTo(TlsFailure.EXPIRED_CERTIFICATE);
        assertThat(o.serverFailure()).hasMessageContaining("the peer reports this side's certificate as expired");
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void aClientWithoutACertificateIsRefusedByAServerThatRequiresOne(TlsProvider p) {
        TlsConfig sc = server(p).verify(TlsVerify.PEER).caFile(TestCerts.ca()).build();
        Outcome o = handshake(sc, client(p).protocols("TLSv1.2").build());
        assertThat(o.serverFailure().failure()).isEqualTo(TlsFailure.MISSING_CLIENT_CERTIFICATE);
        assertThat(o.serverFailure()).hasMessageContaining("failed: the client sent no certificate, but one is required");
        assertThat(o.clientFailure()).hasMessageContaining("the peer aborted the handshake");
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void inTls13TheClientLearnsOfItsMissingCertificateAtItsFirstRead(TlsProvider p) {
        TlsConfig sc = server(p).verify(TlsVerify.PEER).caFile(TestCerts.ca()).build();
        Outcome o = handshake(sc, client(p).build());
        assertThat(o.serverFailure().failure()).isEqualTo(TlsFailure.MISSING_CLIENT_CERTIFICATE);
        assertThat(o.client()).isNull();  // TLS 1.3: the client's handshake ends before the server checks
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void noCommonProtocolVersionIsReportedOnBothSides(TlsProvider p) {
        Outcome o = handshake(server(p).protocols("TLSv1.3").build(), client(p).protocols("TLSv1.2").build());
        assertThat(o.serverFailure().failure()).isEqualTo(TlsFailure.NO_COMMON_PROTOCOL);
        assertThat(o.clientFailure().failure()).isEqualTo(TlsFailure.NO_COMMON_PROTOCOL);
        assertThat(o.clientFailure()).hasMessageContaining("the two sides enable no protocol version in common"
                + " (this side: [TLSv1.2])");
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void aPlaintextClientIsNotTls(TlsProvider p) {
        TlsConfig sc = server(p).build();
        AtomicReference<Throwable> se = new AtomicReference<>();
        TlsTesting.Server srv = TlsTesting.Server.once(rt.machine(0), io -> {
            try {
                Tls.upgrade(io, sc, T);
            } catch (RuntimeException e) {
                se.set(e);
            }
        });
        rt.machine(1).spawn(() -> {
            try (IoContext io = IoContext.connect(srv.address, T)) {
                io.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                TlsTesting.drain(io);
            } catch (RuntimeException e) {
                // the server closes
            }
        }).join(T);
        srv.joinOk();
        assertThat(se.get()).isInstanceOf(TlsHandshakeException.class)
                .hasMessageContaining("failed: the peer does not speak TLS (it sent something that is not a TLS record)");
        assertThat(((TlsHandshakeException) se.get()).failure()).isEqualTo(TlsFailure.NOT_TLS);
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void aPlaintextServerIsNotTls(TlsProvider p) {
        TlsConfig cc = client(p).build();
        TlsTesting.Server srv = TlsTesting.Server.once(rt.machine(0), io -> {
            io.write("SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII));
            TlsTesting.drain(io);
        });
        AtomicReference<Throwable> ce = new AtomicReference<>();
        rt.machine(1).spawn(() -> {
            try (IoContext io = IoContext.connect(srv.address, T)) {
                Tls.upgrade(io, cc, T);
            } catch (RuntimeException e) {
                ce.set(e);
            }
        }).join(T);
        srv.join();
        assertThat(ce.get()).isInstanceOf(TlsHandshakeException.class)
                .hasMessageContaining("the peer does not speak TLS");
        assertThat(((TlsHandshakeException) ce.get()).failure()).isEqualTo(TlsFailure.NOT_TLS);
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void aSilentServerTimesTheHandshakeOutAndTheConnectionIsClosed(TlsProvider p) {
        TlsConfig cc = client(p).build();
        TlsTesting.Server srv = TlsTesting.Server.once(rt.machine(0), TlsTesting::drain);
        AtomicReference<Throwable> ce = new AtomicReference<>();
        AtomicBoolean open = new AtomicBoolean(true);
        rt.machine(1).spawn(() -> {
            try (IoContext io = IoContext.connect(srv.address, T)) {
                try {
                    Tls.upgrade(io, cc, Duration.ofMillis(200));
                } catch (RuntimeException e) {
                    ce.set(e);
                    open.set(io.isOpen());
                }
            }
        }).join(T);
        srv.joinOk();
        assertThat(ce.get()).isInstanceOf(TimedOutException.class)
                .hasMessageContaining("TLS handshake with localhost (").hasMessageContaining("did not complete within PT0.2S");
        assertThat(open.get()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void cancellingTheHandshakeClosesTheConnection(TlsProvider p) {
        TlsConfig sc = server(p).build();
        TlsTesting.Server srv = TlsTesting.Server.once(rt.machine(0), io -> {
            // never answers: reads the ClientHello as plaintext, then waits for the close
            TlsTesting.drain(io);
        });
        AtomicReference<Throwable> ce = new AtomicReference<>();
        AtomicBoolean open = new AtomicBoolean(true);
        Coroutine c = rt.machine(1).spawn(() -> {
            try (IoContext io = IoContext.connect(srv.address, T)) {
                try {
                    Tls.upgrade(io, client(p).build(), T);
                } catch (RuntimeException e) {
                    ce.set(e);
                    open.set(io.isOpen());
                }
            }
        });
        Await.until("blocked in the TLS handshake", () -> {
            String on = c.waitingOn();  // read once: it changes under our feet
            return c.state() == CoroutineState.WAITING && on != null && on.startsWith("TLS handshake");
        });
        c.cancel();
        c.join(T);
        srv.joinOk();
        assertThat(sc).isNotNull();
        assertThat(ce.get()).isInstanceOf(CancelledException.class)
                .hasMessageContaining("TLS handshake with localhost (").hasMessageEndingWith("was cancelled");
        assertThat(open.get()).isFalse();
    }
}
