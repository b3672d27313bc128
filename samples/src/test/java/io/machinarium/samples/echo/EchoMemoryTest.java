package io.machinarium.samples.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.testing.FdBalance;
import io.machinarium.net.ListenOptions;
import io.machinarium.samples.Clients;
import io.machinarium.samples.SlowReaderTransfer;
import io.machinarium.samples.TestCerts;
import io.machinarium.tls.TlsConfig;
import io.machinarium.tls.TlsProvider;
import java.net.Socket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client that writes as fast as it can and reads slowly makes the echo server hold bytes it cannot
 * send yet; the write and readahead water marks must keep what it holds small however many bytes pass
 * ({@link SlowReaderTransfer#size()}, 256 MiB by default, 1 GiB with {@code -Dmachinarium.test.transferMb=1024}).
 */
@ExtendWith(FdBalance.class)
class EchoMemoryTest {
    @Test
    void aSlowReaderKeepsThePlainEchoServersMemoryBounded() throws Exception {
        try (InProcessEcho echo = new InProcessEcho(null, ListenOptions.defaults());
             Socket s = Clients.connect(echo.port())) {
            check(SlowReaderTransfer.run(s, SlowReaderTransfer.size()), "plain echo");
        }
    }

    @Test
    void aSlowReaderKeepsTheTlsEchoServersMemoryBounded() throws Exception {
        // the JDK provider: the client half-closes, and only its TLS 1.3 sessions keep writing after that
        TlsConfig tls = TlsConfig.server(Path.of(TestCerts.file("server.pem")), Path.of(TestCerts.file("server.key")))
                .provider(TlsProvider.JDK).build();
        try (InProcessEcho echo = new InProcessEcho(tls, ListenOptions.defaults());
             SSLSocket s = (SSLSocket) trustingAnyone().getSocketFactory().createSocket("127.0.0.1", echo.port())) {
            s.setSoTimeout((int) Clients.T.toMillis());
            s.startHandshake();
            check(SlowReaderTransfer.run(s, SlowReaderTransfer.size()), "TLS echo");
        }
    }

    private static void check(SlowReaderTransfer.Result r, String path) {
        System.out.println("EchoMemoryTest, " + path + ": " + r);
        // Netty's allocator takes memory in chunks per allocating thread, so its figure moves in steps that
        // have nothing to do with the bytes moved: 7.5-18.4 MiB measured for one connection here.
        assertThat(r.nettyGrowth()).as(path + ": Netty buffers grew by").isLessThan(2 * SlowReaderTransfer.BOUND);
        assertThat(r.heapGrowth()).as(path + ": the heap grew by").isLessThan(SlowReaderTransfer.BOUND);
    }

    /** A test client's TLS context that accepts the test server's certificate without checking it. */
    private static SSLContext trustingAnyone() throws Exception {
        X509TrustManager anyone = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, new TrustManager[] {anyone}, new SecureRandom());
        return c;
    }
}
