package io.machinarium.tls;

import static io.machinarium.tls.TlsTesting.T;
import static io.machinarium.tls.TlsTesting.client;
import static io.machinarium.tls.TlsTesting.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.machinarium.net.IoContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Upgrading a connection that already carried plaintext: PostgreSQL's SSLRequest and its variants. */
class StartTlsTest {
    /** PostgreSQL's SSLRequest: length 8, code 80877103. */
    static final byte[] SSL_REQUEST = {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f};

    private final Machinarium rt = Runtimes.start(2);

    @AfterEach
    void close() {
        rt.close();
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void sslRequestThenSThenHandshake(TlsProvider p) {
        TlsConfig sc = server(p).build();
        TlsTesting.Server srv = TlsTesting.Server.once(rt.machine(0), io -> {
            assertThat(io.readBytes(8, T)).containsExactly(SSL_REQUEST);
            io.write(new byte[] {'S'});
            Tls.upgrade(io, sc, T);
            TlsTesting.echo(io);
        });
        TlsConfig cc = client(p).build();
        TlsTesting.on(rt.machine(1), () -> {
            try (IoContext io = IoContext.connect(srv.address, T)) {
                io.write(SSL_REQUEST);
                assertThat(io.readBytes(1, T)).containsExactly('S');
                Tls.upgrade(io, cc, T);
                io.write("SELECT 1".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(io.readBytes(8, T), StandardCharsets.US_ASCII)).isEqualTo("SELECT 1");
            }
        });
        srv.joinOk();
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void aClientHelloSentRightBehindThePlaintextRequestIsTakenFromTheReadahead(TlsProvider p) {
        TlsConfig sc = server(p).build();
        AtomicInteger bufferedBeforeUpgrade = new AtomicInteger();
        TlsTesting.Server srv = TlsTesting.Server.once(rt.machine(0), io -> {
            // wait until the request and the whole ClientHello sit in the readahead, unread
            long deadline = System.nanoTime() + T.toNanos();
            int last = -1;
            while (io.pending() != last || io.pending() <= 8) {
                last = io.pending();
                Coroutine.sleep(Duration.ofMillis(100));
                assertThat(System.nanoTime()).isLessThan(deadline);
            }
            bufferedBeforeUpgrade.set(io.pending());
            assertThat(io.readBytes(8, T)).containsExactly(SSL_REQUEST);
            Tls.upgrade(io, sc, T);  // no 'S': the client did not wait for one
            TlsTesting.echo(io);
        });
        TlsConfig cc = client(p).build();
        TlsTesting.on(rt.machine(1), () -> {
            try (IoContext io = IoContext.connect(srv.address, T)) {
                io.write(SSL_REQUEST);
                Tls.upgrade(io, cc, T);  // its ClientHello follows the request at once
                io.write("direct".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(io.readBytes(6, T), StandardCharsets.US_ASCII)).isEqualTo("direct");
            }
        });
        srv.joinOk();
        assertThat(bufferedBeforeUpgrade.get()).isGreaterThan(8 + 100);  // request + a ClientHello
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void plaintextLinesThenStarttlsThenMoreLines(TlsProvider p) {
        TlsConfig sc = server(p).build();
        TlsTesting.Server srv = TlsTesting.Server.once(rt.machine(0), io -> {
            io.write("220 ready\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(io.readBytes(10, T), StandardCharsets.US_ASCII)).isEqualTo("STARTTLS\r\n");
            io.write("220 go ahead\r\n".getBytes(StandardCharsets.US_ASCII));
            Tls.upgrade(io, sc, T);
            TlsTesting.echo(io);
        });
        TlsConfig cc = client(p).build();
        TlsTesting.on(rt.machine(1), () -> {
            try (IoContext io = IoContext.connect(srv.address, T)) {
                assertThat(io.readBytes(11, T)).asString(StandardCharsets.US_ASCII).isEqualTo("220 ready\r\n");
                io.write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(io.readBytes(14, T)).asString(StandardCharsets.US_ASCII).isEqualTo("220 go ahead\r\n");
                Tls.upgrade(io, cc, T);
                io.write("EHLO\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(io.readBytes(6, T)).asString(StandardCharsets.US_ASCII).isEqualTo("EHLO\r\n");
            }
        });
        srv.joinOk();
    }
}
