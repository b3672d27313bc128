package io.machinarium.samples.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/sample --help} and {@code bin/sample completion}, made by picocli from the samples' options. */
class SampleCommandsTest {
    @TempDir
    Path dir;

    @Test
    void helpListsEverySampleWithWhatItIs() {
        String usage = SampleCommands.usage(SampleMain.names());
        assertThat(usage).startsWith("Usage: bin/sample [SAMPLE] [OPTIONS]").contains("--list", "completion");
        for (String sample : SampleMain.names()) {
            assertThat(usage).containsPattern("(?m)^  " + sample + "\\s+\\S");
        }
        assertThat(usage).contains("An echo server", "A TCP proxy", "An actor microservice");
    }

    /** Runs the completion script in bash as the shell would on TAB, and returns what it offers. */
    private List<String> complete(String... words) throws Exception {
        Path script = dir.resolve("sample.bash");
        Files.writeString(script, SampleCommands.completion(SampleMain.names()));
        String array = String.join(" ", java.util.Arrays.stream(words).map(w -> "'" + w + "'").toList());
        String line = String.join(" ", words);
        String program = "source '" + script + "'\n"
                + "complete -p bin/sample >/dev/null || exit 3\n"
                + "COMP_WORDS=(" + array + "); COMP_CWORD=" + (words.length - 1) + "; COMP_LINE='" + line
                + "'; COMP_POINT=${#COMP_LINE}\n"
                + "_complete_sample bin/sample 2>/dev/null\n"  // compopt complains outside a real TAB
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Process bash = new ProcessBuilder("bash", "-c", program).redirectErrorStream(true).start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(out).isZero();
        return out.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    }

    @Test
    void completionOffersTheSamplesNames() throws Exception {
        assertThat(complete("bin/sample", "")).contains("hello", "echo", "proxy", "bank", "completion");
        assertThat(complete("bin/sample", "ec")).containsExactly("echo");
    }

    @Test
    void completionOffersASamplesOptions() throws Exception {
        assertThat(complete("bin/sample", "echo", "--li")).containsExactly("--listen");
        assertThat(complete("bin/sample", "bank", "--header")).containsExactly("--header-timeout");
        assertThat(complete("bin/sample", "proxy", "--backend-")).contains("--backend-tls", "--backend-ca",
                "--backend-sni");
    }
}
