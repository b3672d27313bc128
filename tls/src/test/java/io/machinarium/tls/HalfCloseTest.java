package io.machinarium.tls;

import static io.machinarium.tls.TlsTesting.T;
import static io.machinarium.tls.TlsTesting.client;
import static io.machinarium.tls.TlsTesting.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.ClosedException;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.machinarium.net.IoContext;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A TLS peer that half-closes — close_notify, then FIN — after a long upload and reads the echo slowly.
 * TLS 1.3 with the JDK provider keeps writing after the peer's close_notify, so every byte comes back.
 * TLS 1.2, and Netty's OpenSSL engine on any version, close both directions on a close_notify: there a
 * write the engine can no longer send must fail loudly on this side and reset the connection, so the peer
 * never takes a cut-short stream for a complete one. Before, such writes vanished without a trace.
 */
class HalfCloseTest {
    private static final int SIZE = 24 << 20;
    private final Machinarium rt = Runtimes.start(2);

    @AfterEach
    void close() {
        rt.close();
    }

    static Stream<Arguments> closingBothWays() {
        return TlsTesting.providers().stream().flatMap(p -> p == TlsProvider.JDK
                ? Stream.of(Arguments.of(p, "TLSv1.2"))
                : Stream.of(Arguments.of(p, "TLSv1.2"), Arguments.of(p, "TLSv1.3")));
    }

    @Test
    void tls13WithTheJdkProviderEchoesEveryByteAfterThePeersHalfClose() throws Exception {
        Echo echo = new Echo(TlsProvider.JDK);
        Upload up = upload(echo.server.address, "TLSv1.3");
        assertThat(up.failure).as("client; server: " + echo.end.get()).isNull();
        assertThat(up.received).as("bytes echoed; server: " + echo.end.get()).isEqualTo(SIZE);
        assertThat(echo.server.join()).isNull();
        assertThat(echo.end.get()).isEqualTo("end of input after " + SIZE + " bytes, output shut");
    }

    @ParameterizedTest
    @MethodSource("closingBothWays")
    void whereTheSessionClosesBothWaysAnUnsendableWriteFailsLoudlyAndTheClientSeesAReset(TlsProvider p,
            String protocol) throws Exception {
        Echo echo = new Echo(p);
        Upload up = upload(echo.server.address, protocol);
        Throwable serverFailure = echo.server.join();
        assertThat(serverFailure).as("server: " + echo.end.get()).isInstanceOf(ClosedException.class)
                .hasMessageContaining("bytes were not sent: the peer ended the TLS session (close_notify)");
        assertThat(up.received).isLessThan(SIZE);
        // never a clean end after fewer bytes: the client's read fails
        assertThat(up.failure).as("client after %d of %d bytes", up.received, SIZE).isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @MethodSource("closingBothWays")
    void whereTheSessionClosesBothWaysAServerThatOnlyReadsStillEndsCleanly(TlsProvider p, String protocol)
            throws Exception {
        TlsConfig sc = server(p).build();
        AtomicLong read = new AtomicLong();
        TlsTesting.Server srv = TlsTesting.Server.once(rt.machine(0), io -> {
            Tls.upgrade(io, sc, T);
            for (ByteBuf b = io.readSome(T); b != null; b = io.readSome(T)) {
                read.addAndGet(b.readableBytes());
                b.release();
            }
        });
        InetSocketAddress a = (InetSocketAddress) srv.address;
        try (SSLSocket s = (SSLSocket) trusting().getSocketFactory().createSocket(a.getAddress(), a.getPort())) {
            s.setEnabledProtocols(new String[] {protocol});
            s.setSoTimeout((int) T.toMillis());
            s.startHandshake();
            s.getOutputStream().write(new byte[100_000]);
            s.shutdownOutput();
            assertThat(s.getInputStream().read()).as("a clean end of the stream").isEqualTo(-1);
        }
        assertThat(srv.join()).isNull();
        assertThat(read.get()).isEqualTo(100_000);
    }

    @Test
    void aCloseNotifyWithoutFinEndsTheServersInputAndItsAnswerStillArrives() throws Exception {
        TlsConfig sc = server(TlsProvider.JDK).build();
        TlsTesting.Server srv = TlsTesting.Server.once(rt.machine(0), io -> {
            Tls.upgrade(io, sc, T);
            long n = 0;
            for (ByteBuf b = io.readSome(T); b != null; b = io.readSome(T)) {
                n += b.readableBytes();
                b.release();
            }
            io.write(("read " + n).getBytes(StandardCharsets.US_ASCII));
            io.shutdownOutput(T);
        });
        InetSocketAddress a = (InetSocketAddress) srv.address;
        try (Socket tcp = new Socket(a.getAddress(), a.getPort());
             SSLSocket s = (SSLSocket) trusting().getSocketFactory().createSocket(tcp, "localhost", a.getPort(), false)) {
            s.setEnabledProtocols(new String[] {"TLSv1.3"});
            s.setSoTimeout((int) T.toMillis());
            s.startHandshake();
            s.getOutputStream().write(new byte[1234]);
            s.shutdownOutput();  // layered: close_notify only, the TCP connection stays open both ways
            assertThat(tcp.isOutputShutdown()).isFalse();
            assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("read 1234");
        }
        assertThat(srv.join()).isNull();
    }

    @Test
    void ourClientsHalfCloseSendsCloseNotifyAndKeepsReading() {
        TlsConfig sc = server(TlsProvider.JDK).build();
        TlsConfig cc = client(TlsProvider.JDK).protocols("TLSv1.3").build();
        byte[] data = TlsTesting.pattern(3 << 20, 7);
        TlsTesting.Server srv = TlsTesting.Server.once(rt.machine(0), io -> {
            Tls.upgrade(io, sc, T);
            TlsTesting.echo(io);
            io.shutdownOutput(T);
        });
        TlsTesting.on(rt.machine(1), () -> {
            try (IoContext io = IoContext.connect(srv.address, T)) {
                Tls.upgrade(io, cc, T);
                rt.machine(1).spawn(() -> {
                    io.write(data);
                    io.shutdownOutput(T);
                });
                assertThat(io.readBytes(data.length, T)).isEqualTo(data);
                assertThat(io.readSome(T)).as("the end after the echo").isNull();
                assertThatThrownBy(() -> io.write(new byte[1])).isInstanceOf(ClosedException.class)
                        .hasMessageContaining("the output is shut");
            }
        });
        assertThat(srv.join()).isNull();
    }

    /** An echo server that, at the end of its input, shuts its output. */
    private final class Echo {
        final AtomicReference<String> end = new AtomicReference<>("running");
        final TlsTesting.Server server;

        Echo(TlsProvider p) {
            TlsConfig sc = server(p).build();
            server = TlsTesting.Server.once(rt.machine(0), io -> {
                Tls.upgrade(io, sc, T);
                long echoed = 0;
                try {
                    for (ByteBuf b = io.readSome(T); b != null; b = io.readSome(T)) {
                        echoed += b.readableBytes();
                        io.write(b);
                    }
                    end.set("end of input after " + echoed + " bytes");
                    io.shutdownOutput(T);
                    end.set(end.get() + ", output shut");
                } catch (RuntimeException e) {
                    end.set("failed after " + echoed + " bytes: " + e);
                    throw e;
                }
            });
        }
    }

    /** What the client read back, and how its reading ended (null: a clean end of stream). */
    private record Upload(long received, Throwable failure) {
    }

    /** Writes {@link #SIZE} bytes, half-closes, and reads the echo slowly. */
    private static Upload upload(java.net.SocketAddress address, String protocol) throws Exception {
        InetSocketAddress a = (InetSocketAddress) address;
        try (SSLSocket s = (SSLSocket) trusting().getSocketFactory().createSocket(a.getAddress(), a.getPort())) {
            s.setEnabledProtocols(new String[] {protocol});
            s.setSoTimeout((int) T.toMillis());
            s.startHandshake();
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            AtomicLong got = new AtomicLong();
            CompletableFuture<Void> back = CompletableFuture.runAsync(() -> {
                byte[] buf = new byte[64 * 1024];
                try {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        got.addAndGet(n);
                        // kept: a reader slower than the writer in real time, so the send buffers fill
                        Thread.sleep(1);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            byte[] chunk = new byte[64 * 1024];
            try {
                for (int off = 0; off < SIZE; off += chunk.length) {
                    out.write(chunk);
                }
                s.shutdownOutput();
            } catch (IOException e) {
                // the server reset the connection while this side still wrote: reading tells the rest
            }
            try {
                back.get(T.toSeconds() * 3, TimeUnit.SECONDS);
                return new Upload(got.get(), null);
            } catch (ExecutionException e) {
                return new Upload(got.get(), e.getCause() instanceof IllegalStateException i ? i.getCause() : e.getCause());
            }
        }
    }

    private static SSLContext trusting() throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = java.nio.file.Files.newInputStream(TestCerts.ca())) {
            ks.setCertificateEntry("ca", (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, tmf.getTrustManagers(), null);
        return c;
    }
}
