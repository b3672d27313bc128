package io.machinarium.tls;

import static io.machinarium.tls.TlsTesting.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.machinarium.net.IoContext;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A client without a server name keys its resumable sessions on the address it connected to (see
 * {@link Tls#sessionHost}): later connections with the same configuration look that cache up and work.
 */
class ClientWithoutServerNameTest {
    private final Machinarium rt = Runtimes.start(2);

    @AfterEach
    void close() {
        rt.close();
    }

    static Stream<Arguments> providersAndVersions() {
        List<Arguments> out = new ArrayList<>();
        for (TlsProvider p : TlsTesting.providers()) {
            out.add(Arguments.of(p, "TLSv1.2"));
            out.add(Arguments.of(p, "TLSv1.3"));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("providersAndVersions")
    void connectionsAfterTheFirstWithTheSameConfigurationWork(TlsProvider p, String version) {
        int connections = 3;
        TlsConfig sc = TlsTesting.server(p).protocols(version).build();
        TlsConfig cc = TlsConfig.client().verify(TlsVerify.PEER).caFile(TestCerts.ca()).provider(p)
                .protocols(version).build();
        TlsTesting.Server srv = new TlsTesting.Server(rt.machine(0), TlsTesting.loopback(), connections, io -> {
            Tls.upgrade(io, sc, T);
            TlsTesting.echo(io);
        });
        for (int i = 0; i < connections; i++) {
            byte[] data = TlsTesting.pattern(100_000, i);
            TlsTesting.on(rt.machine(1), () -> {
                try (IoContext io = IoContext.connect(srv.address, T)) {
                    assertThat(Tls.upgrade(io, cc, T).protocol()).isEqualTo(version);
                    io.write(data);
                    assertThat(io.readBytes(data.length, T)).isEqualTo(data);
                }
            });
        }
        srv.joinOk();
    }

    @Test
    void theSessionHostIsTheServerNameElseTheAddressLiteralElseNone() {
        InetSocketAddress tcp = new InetSocketAddress("127.0.0.1", 5432);
        assertThat(Tls.sessionHost(tcp, "db.example.com")).isEqualTo("db.example.com");
        assertThat(Tls.sessionHost(tcp, null)).isEqualTo("127.0.0.1");
        assertThat(Tls.sessionHost(new InetSocketAddress("::1", 5432), null)).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(Tls.sessionHost(java.net.UnixDomainSocketAddress.of("/tmp/pg.sock"), null)).isNull();
        assertThat(Tls.sessionHost(java.net.UnixDomainSocketAddress.of("/tmp/pg.sock"), "db.example.com"))
                .isEqualTo("db.example.com");
    }
}
