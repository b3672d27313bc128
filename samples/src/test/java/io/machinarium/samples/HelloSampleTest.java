package io.machinarium.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HelloSampleTest {
    @Test
    void theHelloSampleRunsItsCoroutinesAndReportsAGoodChecksum() {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            code = HelloSample.run(List.of("--machines", "2", "--coroutines", "2000", "--sleep-ms", "5"));
        } finally {
            System.setOut(old);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isZero();
        assertThat(text).contains("hello: 2000 coroutines on 2 machines").contains("checksum 1999000 (ok)")
                .contains("load average, read by an offloaded call");
    }

    @Test
    void anOutOfRangeOptionIsAOneLineError() {
        assertThatThrownBy(() -> HelloSample.run(List.of("--machines", "0")))
                .isInstanceOf(Options.BadOptionException.class)
                .hasMessage("hello: --machines must be between 1 and 256, not 0");
    }
}
