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
                .hasMessage("demo: unexpected argument 'a\\u000ab' (see --help)");
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
        assertThatThrownBy(() -> options().parse(List.of("--nope"))).hasMessage("demo: unknown option --nope (see --help)");
        assertThatThrownBy(() -> options().parse(List.of("--port"))).hasMessage("demo: option --port needs a value");
        assertThatThrownBy(() -> options().parse(List.of("stray"))).hasMessage("demo: unexpected argument 'stray' (see --help)");
        assertThatThrownBy(() -> options().parse(List.of("--verbose=yes"))).hasMessage("demo: option --verbose takes no value");
        Options o = options();
        o.parse(List.of("--port", "x"));
        assertThatThrownBy(() -> o.integer("port", 1, 65535)).hasMessage("demo: --port must be a whole number, not 'x'");
        Options q = options();
        q.parse(List.of("--port", "0"));
        assertThatThrownBy(() -> q.integer("port", 1, 65535)).hasMessage("demo: --port must be between 1 and 65535, not 0");
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        assertThat(options().help()).contains("--port VALUE").contains("(default 7000)").contains("--verbose");
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
