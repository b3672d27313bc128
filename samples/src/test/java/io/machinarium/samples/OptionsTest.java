package io.machinarium.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {
    private Options options() {
        return new Options("demo").value("port", "7000", "port").flag("verbose", "talk more");
    }

    @Test
    void aHostWithBracketsInsideIsRefused() {
        assertThatThrownBy(() -> HostPort.parse(options(), "port", "[[*]]:3")).isInstanceOf(Options.BadOptionException.class);
        assertThatThrownBy(() -> HostPort.parse(options(), "port", "[a:b]c:80")).isInstanceOf(Options.BadOptionException.class);
        assertThat(HostPort.parse(options(), "port", "[::1]:7000")).isEqualTo(new HostPort("::1", 7000));
    }

    @Test
    void anArgumentWithANewlineIsRefusedInOneLine() {
        assertThatThrownBy(() -> options().parse(List.of("a\nb")))
                .hasMessage("demo: Unmatched argument at index 0: 'a\\u000ab' (see --help)");
        assertThatThrownBy(() -> HostPort.parse(options(), "port", "\r\n")).message().doesNotContain("\n", "\r");
    }

    @Test
    void defaultsApplyWhenAnOptionIsNotGiven() {
        Options o = options();
        assertThat(o.parse(List.of())).isTrue();
        assertThat(o.integer("port", 1, 65535)).isEqualTo(7000);
        assertThat(o.flag("verbose")).isFalse();
    }

    @Test
    void valuesAndFlagsAreParsedInBothSpellings() {
        Options o = options();
        o.parse(List.of("--port", "8080", "--verbose"));
        assertThat(o.integer("port", 1, 65535)).isEqualTo(8080);
        assertThat(o.flag("verbose")).isTrue();
        Options p = options();
        p.parse(List.of("--port=9090"));
        assertThat(p.string("port")).isEqualTo("9090");
    }

    @Test
    void badCommandLinesGiveOneLineErrors() {
        assertThatThrownBy(() -> options().parse(List.of("--nope"))).hasMessage("demo: Unknown option: '--nope' (see --help)");
        assertThatThrownBy(() -> options().parse(List.of("--port"))).hasMessage("demo: Missing required parameter for option '--port' (VALUE) (see --help)");
        assertThatThrownBy(() -> options().parse(List.of("stray"))).hasMessage("demo: Unmatched argument at index 0: 'stray' (see --help)");
        assertThatThrownBy(() -> options().parse(List.of("--verbose=yes"))).hasMessage("demo: option '--verbose' should be specified without 'yes' parameter (see --help)");
        Options o = options();
        o.parse(List.of("--port", "x"));
        assertThatThrownBy(() -> o.integer("port", 1, 65535)).hasMessage("demo: --port must be a whole number, not 'x'");
        Options q = options();
        q.parse(List.of("--port", "0"));
        assertThatThrownBy(() -> q.integer("port", 1, 65535)).hasMessage("demo: --port must be between 1 and 65535, not 0");
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        assertThat(options().help()).contains("--port=VALUE").contains("(default 7000)").contains("--verbose");
    }

    @Test
    void anOptionGivenTwiceTakesItsLastValueAndAtFilesAreNotRead() {
        Options o = options();
        o.parse(List.of("--port", "1", "--port", "2"));
        assertThat(o.string("port")).isEqualTo("2");
        assertThatThrownBy(() -> options().parse(List.of("@/etc/passwd")))
                .hasMessage("demo: Unmatched argument at index 0: '@/etc/passwd' (see --help)");
    }

    @Test
    void helpIsPicoclisUsageWithTheDescription() {
        String help = new Options("demo", "A demo sample, 100% made up.").value("port", "7000", "the port")
                .flag("verbose", "talk more").help();
        assertThat(help).startsWith("Usage: bin/sample demo [-h] [--verbose] [--port=VALUE]")
                .contains("A demo sample, 100% made up.", "-h, --help", "--port=VALUE", "the port (default 7000)");
    }

    @Test
    void aPathWithANulCharacterIsABadOption() {
        Options o = new Options("t").value("tls-cert", null, "a file");
        o.parse(java.util.List.of("--tls-cert", "a\u0000b"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> o.path("tls-cert"))
                .isInstanceOf(Options.BadOptionException.class)
                .hasMessageStartingWith("t: --tls-cert is not a usable path: ");
    }
}
