package io.machinarium.tls;

import static io.machinarium.tls.TlsTesting.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.machinarium.net.IoContext;
import io.netty.buffer.ByteBuf;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ten megabytes each way, at once, over every combination a user can pick: provider × TLS version ×
 * server name or none × TCP or Unix socket × client certificate or none. A client without a server name
 * used to fail its first read on OpenSSL with TLS 1.3 over TCP (Netty's client session cache threw a
 * NullPointerException on the null host) and the context's finalizer logged the same exception later:
 * each case also checks that nothing of the kind is logged, up to and including the finalizers of both
 * contexts.
 */
class TransferMatrixTest {
    private static final int TEN_MB = 10 * 1024 * 1024;
    private static final int CHUNK = 256 * 1024;
    private static Machinarium rt;
    private static Path dir;

    enum Transport { TCP, UNIX }

    record Case(TlsProvider provider, String protocol, boolean serverName, Transport transport, boolean clientCertificate) {
        @Override
        public String toString() {
            return provider + " " + protocol + (serverName ? " with server name" : " without server name") + " over "
                    + transport + (clientCertificate ? " with client certificate" : "");
        }
    }

    static Stream<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (TlsProvider p : TlsTesting.providers()) {
            for (String version : List.of("TLSv1.2", "TLSv1.3")) {
                for (boolean name : new boolean[] {true, false}) {
                    for (Transport t : Transport.values()) {
                        for (boolean cert : new boolean[] {false, true}) {
                            out.add(new Case(p, version, name, t, cert));
                        }
                    }
                }
            }
        }
        return out.stream();
    }

    @BeforeAll
    static void start() throws Exception {
        rt = Runtimes.start(2);
        dir = Files.createTempDirectory("machinarium-tls-matrix");
    }

    @AfterAll
    static void stop() throws Exception {
        rt.close();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void tenMegabytesEachWayAndNothingLoggedUpToTheFinalizers(Case c) throws Exception {
        try (LogCapture log = new LogCapture()) {
            Collection contexts = new Collection();
            transfer(c, contexts);
            contexts.await(T);
            assertThat(log.text()).as("what was logged").doesNotContain("Exception", "Failed to release");
        }
    }

    /** Runs one case; everything holding the configurations stays in here, so that they can be collected. */
    private static void transfer(Case c, Collection contexts) {
        TlsConfig.Builder sb = TlsTesting.server(c.provider()).protocols(c.protocol());
        if (c.clientCertificate()) {
            sb.verify(TlsVerify.PEER).caFile(TestCerts.ca());
        }
        TlsConfig.Builder cb = TlsConfig.client().provider(c.provider()).protocols(c.protocol());
        if (c.serverName()) {
            cb.caFile(TestCerts.ca()).serverName("localhost");
        } else {
            cb.verify(TlsVerify.NONE);  // the client: no name, nothing checked
        }
        if (c.clientCertificate()) {
            cb.certificate(TestCerts.file("client.pem"), TestCerts.file("client.key"));
        }
        TlsConfig sc = sb.build();
        TlsConfig cc = cb.build();
        contexts.watch(sc.context());
        contexts.watch(cc.context());

        SocketAddress bindTo = c.transport() == Transport.TCP ? TlsTesting.loopback()
                : UnixDomainSocketAddress.of(dir.resolve(c.protocol() + "-" + System.nanoTime() + ".sock"));
        AtomicReference<TlsSession> serverSession = new AtomicReference<>();
        TlsTesting.Server srv = new TlsTesting.Server(rt.machine(0), bindTo, 1, io -> {
            serverSession.set(Tls.upgrade(io, sc, T));
            long echoed = 0;
            while (echoed < TEN_MB) {
                ByteBuf b = io.readSome(T);
                assertThat(b).as("the end of the stream after " + echoed + " bytes").isNotNull();
                echoed += b.readableBytes();
                io.write(b);
            }
            assertThat(io.readSome(T)).as("the client's close after all its bytes").isNull();
        });
        byte[] data = TlsTesting.pattern(TEN_MB, c.hashCode());
        AtomicReference<TlsSession> clientSession = new AtomicReference<>();
        TlsTesting.on(rt.machine(1), () -> {
            try (IoContext io = IoContext.connect(srv.address, T)) {
                clientSession.set(Tls.upgrade(io, cc, T));
                Coroutine writer = rt.machine(1).spawn(() -> {
                    for (int off = 0; off < TEN_MB; off += CHUNK) {
                        io.write(io.channel().alloc().buffer(CHUNK).writeBytes(data, off, CHUNK), T);
                    }
                });
                byte[] got = io.readBytes(TEN_MB, T);
                writer.join(T);
                assertThat(java.util.Arrays.equals(got, data)).as("the echoed bytes equal the sent ones").isTrue();
            }
        });
        srv.joinOk();
        assertThat(clientSession.get().protocol()).isEqualTo(c.protocol());
        assertThat(serverSession.get().protocol()).isEqualTo(c.protocol());
        assertThat(serverSession.get().peerCertificate() != null).as("client certificate seen by the server")
                .isEqualTo(c.clientCertificate());
    }
}
