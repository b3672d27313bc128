package io.machinarium.core.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A wait for a signal the process ignores (nohup, trap '' HUP) fails at open instead of never firing. */
class IgnoredSignalTest {
    @Test
    void openingAWaitForASignalTheProcessInheritedAsIgnoredFailsNamingTheSignalAndTheCause() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the shell ignores HUP, and exec keeps it ignored in the JVM, as nohup would
        List<String> command = List.of("sh", "-c", "trap '' HUP; exec \"$@\"", "sh", java,
                "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), IgnoredSignalProbe.class.getName());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ended").isTrue();
        assertThat(out).contains("SignalIgnoredException for SIGHUP: SIGHUP is ignored by this process")
                .contains("nohup").contains("TERM still free");
        assertThat(child.exitValue()).as("exit status; output:%n%s", out).isEqualTo(3);
    }
}
