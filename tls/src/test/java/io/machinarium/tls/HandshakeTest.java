package io.machinarium.tls;

import static io.machinarium.tls.TlsTesting.T;
import static io.machinarium.tls.TlsTesting.client;
import static io.machinarium.tls.TlsTesting.on;
import static io.machinarium.tls.TlsTesting.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.machinarium.net.IoContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Our client against our server: handshake, echo, and what the session reports. */
class HandshakeTest {
    private final Machinarium rt = Runtimes.start(2);

    @AfterEach
    void close() {
        rt.close();
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void handshakeThenEcho(TlsProvider p) {
        TlsConfig sc = server(p).build();
        TlsConfig cc = client(p).build();
        AtomicReference<TlsSession> serverSession = new AtomicReference<>();
        TlsTesting.Server srv = TlsTesting.Server.once(rt.machine(0), io -> {
            serverSession.set(Tls.upgrade(io, sc, T));
            TlsTesting.echo(io);
        });
        AtomicReference<String> got = new AtomicReference<>();
        AtomicReference<TlsSession> clientSession = new AtomicReference<>();
        on(rt.machine(1), () -> {
            try (IoContext io = IoContext.connect(srv.address, T)) {
                clientSession.set(Tls.upgrade(io, cc, T));
                io.write("hello over tls".getBytes(StandardCharsets.UTF_8));
                got.set(new String(io.readBytes(14, T), StandardCharsets.UTF_8));
            }
        });
        srv.joinOk();
        assertThat(got.get()).isEqualTo("hello over tls");
        assertThat(clientSession.get().protocol()).isEqualTo("TLSv1.3");
        assertThat(serverSession.get().cipherSuite()).isEqualTo(clientSession.get().cipherSuite());
        assertThat(clientSession.get().peerCertificate().getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(serverSession.get().peerCertificates()).isEmpty();
        assertThat(clientSession.get().applicationProtocol()).isNull();
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void channelBindingIsTheSha256OfTheServerCertificateOnBothSides(TlsProvider p) throws Exception {
        TlsConfig sc = server(p).build();
        AtomicReference<byte[]> serverSide = new AtomicReference<>();
        TlsTesting.Server srv = TlsTesting.Server.once(rt.machine(0), io -> {
            serverSide.set(Tls.upgrade(io, sc, T).tlsServerEndPoint());
        });
        AtomicReference<byte[]> clientSide = new AtomicReference<>();
        on(rt.machine(1), () -> {
            try (IoContext io = IoContext.connect(srv.address, T)) {
                clientSide.set(Tls.upgrade(io, client(p).build(), T).tlsServerEndPoint());
            }
        });
        srv.joinOk();
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(sc.certificateChain().get(0).getEncoded());
        assertThat(clientSide.get()).isEqualTo(expected);
        assertThat(serverSide.get()).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void tls12OnlyClientNegotiatesTls12WithTheCipherItAsks(TlsProvider p) {
        TlsConfig sc = server(p).build();
        TlsConfig cc = client(p).protocols("TLSv1.2").ciphers("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256").build();
        TlsTesting.Server srv = TlsTesting.Server.once(rt.machine(0), io -> {
            Tls.upgrade(io, sc, T);
            TlsTesting.echo(io);
        });
        AtomicReference<TlsSession> s = new AtomicReference<>();
        on(rt.machine(1), () -> {
            try (IoContext io = IoContext.connect(srv.address, T)) {
                s.set(Tls.upgrade(io, cc, T));
                io.write(new byte[] {1, 2, 3});
                assertThat(io.readBytes(3, T)).containsExactly(1, 2, 3);
            }
        });
        srv.joinOk();
        assertThat(s.get().protocol()).isEqualTo("TLSv1.2");
        assertThat(s.get().cipherSuite()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void alpnAndSniReachTheServer(TlsProvider p) {
        TlsConfig sc = server(p).alpn("h2", "http/1.1").build();
        // SNI carries only names with a dot: "localhost" is never sent
        TlsConfig cc = client(p).serverName("server.test").alpn("http/1.1").build();
        AtomicReference<TlsSession> serverSession = new AtomicReference<>();
        TlsTesting.Server srv = TlsTesting.Server.once(rt.machine(0), io -> serverSession.set(Tls.upgrade(io, sc, T)));
        AtomicReference<TlsSession> clientSession = new AtomicReference<>();
        on(rt.machine(1), () -> {
            try (IoContext io = IoContext.connect(srv.address, T)) {
                clientSession.set(Tls.upgrade(io, cc, T));
            }
        });
        srv.joinOk();
        assertThat(clientSession.get().applicationProtocol()).isEqualTo("http/1.1");
        assertThat(serverSession.get().applicationProtocol()).isEqualTo("http/1.1");
        assertThat(serverSession.get().requestedServerName()).isEqualTo("server.test");
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void mutualTlsShowsEachSideTheOthersCertificate(TlsProvider p) {
        TlsConfig sc = server(p).verify(TlsVerify.PEER).caFile(TestCerts.ca()).build();
        TlsConfig cc = client(p).certificate(TestCerts.file("client.pem"), TestCerts.file("client.key")).build();
        AtomicReference<TlsSession> serverSession = new AtomicReference<>();
        TlsTesting.Server srv = TlsTesting.Server.once(rt.machine(0), io -> {
            serverSession.set(Tls.upgrade(io, sc, T));
            TlsTesting.echo(io);
        });
        on(rt.machine(1), () -> {
            try (IoContext io = IoContext.connect(srv.address, T)) {
                TlsSession s = Tls.upgrade(io, cc, T);
                assertThat(s.localCertificates()).hasSize(1);
                io.write(new byte[] {42});
                assertThat(io.readBytes(1, T)).containsExactly(42);
            }
        });
        srv.joinOk();
        assertThat(serverSession.get().peerCertificate().getSubjectX500Principal().getName()).isEqualTo("CN=client");
        assertThat(serverSession.get().peerNameMatches("client.test")).isTrue();
        assertThat(serverSession.get().peerNameMatches("localhost")).isFalse();
        serverSession.get().verifyPeerName("client.test");
        assertThatThrownBy(() -> serverSession.get().verifyPeerName("localhost"))
                .isInstanceOf(TlsPeerNameException.class)
                .hasMessageStartingWith("the peer's certificate names subject alternative names [client.test] and common"
                        + " name 'client', not 'localhost' (");
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void aClientTrustingACaDirectoryAndAPkcs1ServerKeyWork(TlsProvider p) {
        TlsConfig sc = TlsConfig.server(TestCerts.file("server.pem"), TestCerts.file("server-pkcs1.key"))
                .provider(p).build();
        TlsConfig cc = TlsConfig.client().caDirectory(TestCerts.caDir()).serverName("127.0.0.1").provider(p).build();
        TlsTesting.Server srv = TlsTesting.Server.once(rt.machine(0), io -> {
            Tls.upgrade(io, sc, T);
            TlsTesting.echo(io);
        });
        on(rt.machine(1), () -> {
            try (IoContext io = IoContext.connect(srv.address, T)) {
                TlsSession s = Tls.upgrade(io, cc, T);
                assertThat(s.peerNameMatches("127.0.0.1")).isTrue();
                io.write(new byte[] {7});
                assertThat(io.readBytes(1, T)).containsExactly(7);
            }
        });
        srv.joinOk();
    }
}
