package io.machinarium.samples.echo;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.samples.Options;
import java.util.List;
import org.junit.jupiter.api.Test;

class EchoSampleTest {
    @Test
    void badCommandLinesAreOneLineErrors() {
        assertThatThrownBy(() -> EchoSample.run(List.of("--listen", "localhost")))
                .isInstanceOf(Options.BadOptionException.class)
                .hasMessage("echo: --listen needs HOST:PORT, not 'localhost'");
        assertThatThrownBy(() -> EchoSample.run(List.of("--tls-cert", "server.pem")))
                .hasMessage("echo: --tls-cert and --tls-key go together");
        assertThatThrownBy(() -> EchoSample.run(List.of("--machines", "0")))
                .hasMessage("echo: --machines must be between 1 and 256, not 0");
        assertThatThrownBy(() -> EchoSample.run(List.of("--tls-cert", "/nonexistent.pem", "--tls-key", "/nonexistent.key")))
                .isInstanceOf(Options.BadOptionException.class)
                .hasMessageStartingWith("echo: ").hasMessageContaining("/nonexistent.pem")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
