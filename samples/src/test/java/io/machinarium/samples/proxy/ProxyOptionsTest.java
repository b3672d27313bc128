package io.machinarium.samples.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.samples.HostPort;
import io.machinarium.samples.Options;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyOptionsTest {
    @Test
    void theDefaultsGiveAWorkingProxyWithAnEmbeddedBackend() {
        ProxySettings s = ProxySample.parse(List.of());
        assertThat(s.listen()).isEqualTo(new HostPort("127.0.0.1", 6432));
        assertThat(s.backends()).isEmpty();
        assertThat(s.balance()).isEqualTo(Balance.ROUND_ROBIN);
        assertThat(s.admin()).isEqualTo(new HostPort("127.0.0.1", 6433));
        assertThat(s.idleTimeout()).isEqualTo(Duration.ZERO);
        assertThat(s.grace()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.clientTls()).isNull();
        assertThat(s.backendTls()).isNull();
    }

    @Test
    void backendsAndLimitsAreRead() {
        ProxySettings s = ProxySample.parse(List.of("--backend", "10.0.0.1:5432,db.internal:6432", "--balance",
                "least-conn", "--max-conns", "7", "--idle-timeout", "1500", "--admin", "off"));
        assertThat(s.backends()).containsExactly(new HostPort("10.0.0.1", 5432), new HostPort("db.internal", 6432));
        assertThat(s.balance()).isEqualTo(Balance.LEAST_CONN);
        assertThat(s.maxConns()).isEqualTo(7);
        assertThat(s.idleTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.admin()).isNull();
    }

    @Test
    void badCommandLinesAreOneLineErrors() {
        assertThatThrownBy(() -> ProxySample.parse(List.of("--balance", "random")))
                .isInstanceOf(Options.BadOptionException.class)
                .hasMessage("proxy: --balance must be round-robin or least-conn, not 'random'");
        assertThatThrownBy(() -> ProxySample.parse(List.of("--backend", "a:1,")))
                .hasMessage("proxy: --backend needs HOST:PORT, not ''");
        assertThatThrownBy(() -> ProxySample.parse(List.of("--backend-ca", "ca.pem")))
                .hasMessage("proxy: --backend-ca and --backend-sni need --backend-tls");
        assertThatThrownBy(() -> ProxySample.parse(List.of("--max-conns", "0")))
                .hasMessage("proxy: --max-conns must be between 1 and 10000000, not 0");
        assertThatThrownBy(() -> ProxySample.parse(List.of("--tls-key", "k.pem")))
                .hasMessage("proxy: --tls-cert and --tls-key go together");
        assertThatThrownBy(() -> ProxySample.parse(List.of("--connect-timeout", "soon")))
                .hasMessage("proxy: --connect-timeout must be a whole number, not 'soon'");
    }
}
