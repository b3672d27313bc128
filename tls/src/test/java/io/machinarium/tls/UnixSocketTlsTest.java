package io.machinarium.tls;

import static io.machinarium.tls.TlsTesting.T;
import static io.machinarium.tls.TlsTesting.client;
import static io.machinarium.tls.TlsTesting.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.machinarium.net.IoContext;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** TLS over a Unix domain socket, with and without data. */
class UnixSocketTlsTest {
    private final Machinarium rt = Runtimes.start(2);
    private final Path dir;

    UnixSocketTlsTest() throws Exception {
        dir = Files.createTempDirectory("machinarium-tls-unix");
    }

    @AfterEach
    void close() throws Exception {
        rt.close();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void echoOverAUnixSocket(TlsProvider p) {
        TlsConfig sc = server(p).build();
        UnixDomainSocketAddress addr = UnixDomainSocketAddress.of(dir.resolve("tls.sock"));
        TlsTesting.Server srv = new TlsTesting.Server(rt.machine(0), addr, 1, io -> {
            Tls.upgrade(io, sc, T);
            TlsTesting.echo(io);
        });
        byte[] data = TlsTesting.pattern(1024 * 1024, 9);
        TlsTesting.on(rt.machine(1), () -> {
            try (IoContext io = IoContext.connect(srv.address, T)) {
                TlsSession s = Tls.upgrade(io, client(p).build(), T);
                assertThat(s.peerCertificate()).isNotNull();
                io.write(data);
                assertThat(io.readBytes(data.length, T)).isEqualTo(data);
            }
        });
        srv.joinOk();
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void handshakeAndCloseWithoutDataOverAUnixSocket(TlsProvider p) {
        TlsConfig sc = server(p).build();
        UnixDomainSocketAddress addr = UnixDomainSocketAddress.of(dir.resolve("quiet.sock"));
        AtomicReference<Object> serverRead = new AtomicReference<>("nothing yet");
        TlsTesting.Server srv = new TlsTesting.Server(rt.machine(0), addr, 1, io -> {
            Tls.upgrade(io, sc, T);
            serverRead.set(io.readSome(T));
        });
        TlsTesting.on(rt.machine(1), () -> {
            try (IoContext io = IoContext.connect(srv.address, T)) {
                Tls.upgrade(io, client(p).build(), T);
            }
        });
        srv.joinOk();
        assertThat(serverRead.get()).isNull();
    }
}
