package io.machinarium.samples.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.machinarium.samples.Options;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the proxy's command line, the richest option set of the samples: {@code Options.parse}, every
 * {@code HostPort.parse}, the numbers and the TLS file options. Any command line either parses into
 * valid settings, asks for the help, or is refused with one {@link Options.BadOptionException} whose
 * message is one line starting with the sample's name. Run as a regression test by {@code mvn test},
 * fuzzed by {@code bin/fuzz}.
 */
class ProxyOptionsFuzzTest {
    @FuzzTest(maxDuration = "30s")
    @DictionaryEntries({"--listen", "--backend", "--machines", "--balance", "round-robin", "least-conn",
        "--backend-tls", "--backend-ca", "--backend-sni", "--connect-timeout", "--idle-timeout", "--max-conns",
        "--admin", "off", "--grace", "--tls-cert", "--tls-key", "--help", "-h", "127.0.0.1:", "[::1]:", "=", ","})
    void anyCommandLineParsesOrIsRefusedWithOneLine(FuzzedDataProvider data) {
        List<String> args = new ArrayList<>();
        int n = data.consumeInt(0, 12);
        for (int i = 0; i < n; i++) {
            args.add(data.consumeString(48));
        }
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));  // --help prints the usage
        try {
            ProxySettings s = ProxySample.parse(args);
            if (s != null) {
                assertThat(s.machines()).isBetween(1, 256);
                assertThat(s.listen().port()).isBetween(0, 65535);
                assertThat(s.backends()).allSatisfy(b -> assertThat(b.host()).isNotEmpty());
            }
        } catch (Options.BadOptionException e) {
            assertThat(e.getMessage()).as("the message for %s", args).startsWith("proxy: ")
                    .doesNotContain("\n").doesNotContain("\r");
        } finally {
            System.setOut(out);
        }
    }
}
