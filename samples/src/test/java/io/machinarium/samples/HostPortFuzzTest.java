package io.machinarium.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes {@link HostPort#parse}: any text either becomes a pair with a host and a port from 0 to 65535
 * that reads back the same from its own {@code toString()}, or is refused with one
 * {@link Options.BadOptionException} line.
 */
class HostPortFuzzTest {
    private final Options options = new Options("fuzz").value("listen", null, "an address");

    @FuzzTest(maxDuration = "30s")
    @DictionaryEntries({":", "[", "]", "[::1]", "127.0.0.1", "localhost", "65535", "65536", "-1", "+"})
    void anyTextParsesIntoAValidPairOrIsRefused(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        HostPort hp;
        try {
            hp = HostPort.parse(options, "listen", text);
        } catch (Options.BadOptionException e) {
            assertThat(e.getMessage()).startsWith("fuzz: --listen needs ").doesNotContain("\n").doesNotContain("\r");
            return;
        }
        assertThat(hp.host()).isNotEmpty();
        assertThat(hp.port()).isBetween(0, 65535);
        assertThat(HostPort.parse(options, "listen", hp.toString())).as("%s read back", hp).isEqualTo(hp);
    }
}
