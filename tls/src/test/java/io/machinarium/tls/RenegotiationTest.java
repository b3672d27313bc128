package io.machinarium.tls;

import static io.machinarium.tls.TlsTesting.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.machinarium.core.IoFailedException;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.machinarium.net.IoContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A server refuses a client's TLS 1.2 renegotiation and closes that connection with a clear error, on both
 * providers, while it keeps serving its other connections. Before, the JDK provider renegotiated as often
 * as a client asked, each time a full handshake's work.
 */
class RenegotiationTest {
    private static final String REFUSED = "the client tried to renegotiate the TLS session, which this server refuses";
    private final Machinarium rt = Runtimes.start(2);

    @AfterEach
    void close() {
        rt.close();
    }

    /** A well-behaved client of ours, kept open across the other client's refusal. */
    private static void echoes(IoContext io, String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        io.write(b);
        assertThat(io.readBytes(b.length, T)).isEqualTo(b);
    }

    private static void assertRefused(Object end) {
        assertThat(end).isInstanceOf(IoFailedException.class);
        assertThat(((Throwable) end).getMessage()).contains(REFUSED).contains("the connection is closed");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void anOpensslClientAskingToRenegotiateIsRefusedAndOthersAreStillServed(TlsProvider p) throws Exception {
        assumeThat(OpenSslCommand.installed()).as("the openssl command is not installed (.ci/run installs it)").isTrue();
        TlsConfig sc = TlsTesting.server(p).build();
        TlsConfig cc = TlsTesting.client(p).protocols("TLSv1.2").build();
        try (EchoServer srv = new EchoServer(rt.machine(0), sc, 3, io -> { })) {
            TlsTesting.on(rt.machine(1), () -> {
                IoContext other = IoContext.connect(srv.address, T);
                Tls.upgrade(other, cc, T);
                echoes(other, "before");
                try (OpenSslCommand c = OpenSslCommand.client(srv.port(), "-CAfile", TestCerts.ca().toString(), "-tls1_2")) {
                    c.send("first-line-through\n");
                    c.await("first-line-through", T);
                    c.send("R\n");
                    assertThat(c.waitForExit(T)).as("openssl ends when the server closes the connection").isTrue();
                    assertThat(c.output()).contains("RENEGOTIATING");
                    assertRefused(srv.nextEnd());
                } catch (IOException | InterruptedException e) {
                    throw new AssertionError(e);
                }
                echoes(other, "after");  // the open connection is still served
                other.close();
                try (IoContext late = IoContext.connect(srv.address, T)) {  // and so is a new one
                    Tls.upgrade(late, cc, T);
                    echoes(late, "late");
                }
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void aJdkSocketCallingStartHandshakeAgainIsRefused(TlsProvider p) throws Exception {
        TlsConfig sc = TlsTesting.server(p).build();
        SSLContext jdk = SSLContext.getInstance("TLS");
        jdk.init(null, PemFiles.trust(TestCerts.ca(), null).getTrustManagers(), null);
        try (EchoServer srv = new EchoServer(rt.machine(0), sc, 2, io -> { });
             SSLSocket s = (SSLSocket) jdk.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), srv.port())) {
            s.setEnabledProtocols(new String[] {"TLSv1.2"});
            s.setSoTimeout((int) T.toMillis());
            s.startHandshake();
            s.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            assertThat(new String(in.readNBytes(6), StandardCharsets.US_ASCII)).isEqualTo("hello\n");
            assertThatThrownBy(() -> {
                s.startHandshake();
                in.read();  // if the renegotiation was only sent, the end shows here
            }).isInstanceOf(IOException.class);
            assertRefused(srv.nextEnd());
            TlsTesting.on(rt.machine(1), () -> {
                try (IoContext next = IoContext.connect(srv.address, T)) {
                    Tls.upgrade(next, TlsTesting.client(p).protocols("TLSv1.2").build(), T);
                    echoes(next, "still served");
                }
            });
        }
    }
}
