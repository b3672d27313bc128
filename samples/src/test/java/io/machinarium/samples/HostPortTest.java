package io.machinarium.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class HostPortTest {
    private final Options options = new Options("demo");

    @Test
    void namesAddressesAndBracketedIpv6AreParsed() {
        assertThat(HostPort.parse(options, "listen", "127.0.0.1:7000")).isEqualTo(new HostPort("127.0.0.1", 7000));
        assertThat(HostPort.parse(options, "listen", "db.internal:5432")).isEqualTo(new HostPort("db.internal", 5432));
        assertThat(HostPort.parse(options, "listen", "[::1]:0")).isEqualTo(new HostPort("::1", 0));
        assertThat(new HostPort("::1", 7000)).hasToString("[::1]:7000");
    }

    @Test
    void anythingElseIsAOneLineError() {
        assertThatThrownBy(() -> HostPort.parse(options, "listen", "7000"))
                .hasMessage("demo: --listen needs HOST:PORT, not '7000'");
        assertThatThrownBy(() -> HostPort.parse(options, "listen", "::1:7000"))
                .hasMessage("demo: --listen needs HOST:PORT, not '::1:7000'");
        assertThatThrownBy(() -> HostPort.parse(options, "backend", "localhost:70000"))
                .hasMessage("demo: --backend needs a port from 0 to 65535 in 'localhost:70000'");
        assertThatThrownBy(() -> HostPort.parse(options, "backend", "localhost:http"))
                .hasMessage("demo: --backend needs a port from 0 to 65535 in 'localhost:http'");
    }

    @Test
    void boundAddressesAreFormattedAsUsersWriteThem() {
        assertThat(HostPort.format(new InetSocketAddress("127.0.0.1", 6432))).isEqualTo("127.0.0.1:6432");
        assertThat(HostPort.format(new InetSocketAddress("::1", 6432))).isEqualTo("[0:0:0:0:0:0:0:1]:6432");
    }
}
