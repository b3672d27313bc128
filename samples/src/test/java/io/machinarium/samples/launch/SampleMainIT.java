package io.machinarium.samples.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.samples.ChildProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** bin/sample's own command line: the list of samples, picocli's help of a sample, the completion script. */
class SampleMainIT {
    private static final Duration T = Duration.ofSeconds(60);

    @Test
    void helpListsTheSamplesAndASamplesHelpIsPicoclis() throws Exception {
        try (ChildProcess help = ChildProcess.sample("--help")) {
            assertThat(help.exitCode(T)).isZero();
            assertThat(help.stdout()).startsWith("Usage: bin/sample [SAMPLE] [OPTIONS]")
                    .contains("  hello", "  echo", "  proxy", "  bank", "  completion");
        }
        try (ChildProcess help = ChildProcess.sample("bank", "--help")) {
            assertThat(help.exitCode(T)).isZero();
            assertThat(help.stdout()).startsWith("Usage: bin/sample bank [-h]")
                    .contains("--header-timeout=VALUE", "--max-conns=VALUE", "(default 10000)");
        }
    }

    @Test
    void completionPrintsABashScriptForBinSample() throws Exception {
        try (ChildProcess completion = ChildProcess.sample("completion")) {
            assertThat(completion.exitCode(T)).isZero();
            assertThat(completion.stdout()).contains("function _complete_sample()",
                    "complete -F _complete_sample -o default bin/sample ./bin/sample");
        }
    }
}
