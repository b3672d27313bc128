package io.machinarium.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

/**
 * Host names and addresses against certificates, by the rules the JDK's HTTPS endpoint identification applies
 * in a handshake — which is what checks them now, after the handshake too.
 */
class PeerNamesTest {
    private static X509Certificate cert(String name) {
        return PemFiles.certificates(TestCerts.file(name + ".pem")).get(0);
    }

    @Test
    void dnsAndIpSubjectAlternativeNamesMatchCaseAside() {
        X509Certificate c = cert("server");  // DNS:localhost, DNS:server.test, IP:127.0.0.1
        assertThat(PeerNames.matches(c, "localhost")).isTrue();
        assertThat(PeerNames.matches(c, "LOCALHOST")).isTrue();
        assertThat(PeerNames.matches(c, "server.test")).isTrue();
        assertThat(PeerNames.matches(c, "127.0.0.1")).isTrue();
        assertThat(PeerNames.matches(c, "127.0.0.2")).isFalse();
        assertThat(PeerNames.matches(c, "other.test")).isFalse();
    }

    @Test
    void aWildcardStandsForTheLeftmostLabelOnly() {
        X509Certificate c = cert("names");  // DNS:*.example.test
        assertThat(PeerNames.matches(c, "a.example.test")).isTrue();
        assertThat(PeerNames.matches(c, "b.a.example.test")).isFalse();
        assertThat(PeerNames.matches(c, "example.test")).isFalse();
        assertThat(PeerNames.matches(c, "aexample.test")).isFalse();
    }

    @Test
    void anIpv6AddressMatchesInAnyOfItsForms() {
        X509Certificate c = cert("names");  // IP:::1
        assertThat(PeerNames.matches(c, "::1")).isTrue();
        assertThat(PeerNames.matches(c, "[::1]")).isTrue();
        assertThat(PeerNames.matches(c, "0:0:0:0:0:0:0:1")).isTrue();
        assertThat(PeerNames.matches(c, "::2")).isFalse();
    }

    @Test
    void anInternationalisedNameMatchesItsAsciiForm() {
        X509Certificate c = cert("names");  // DNS:xn--bcher-kva.test, that is bücher.test
        assertThat(PeerNames.matches(c, "xn--bcher-kva.test")).isTrue();
        assertThat(PeerNames.matches(c, "bücher.test")).isTrue();
        assertThat(PeerNames.matches(c, "bucher.test")).isFalse();
    }

    @Test
    void theCommonNameCountsOnlyWhenTheCertificateHasNoDnsName() {
        assertThat(PeerNames.matches(cert("cn-only"), "cn-only.test")).isTrue();  // no subject alternative name
        assertThat(PeerNames.matches(cert("cn-only"), "CN-ONLY.TEST")).isTrue();
        assertThat(PeerNames.matches(cert("client"), "client")).isFalse();  // CN=client, but DNS:client.test
        assertThat(PeerNames.matches(cert("client"), "client.test")).isTrue();
    }

    @Test
    void anAddressInTheCommonNameIsNoIpName() {
        // RFC 2818 and the JDK: an address must be an IP subject alternative name; the old matcher took the CN
        assertThat(PeerNames.matches(cert("cn-address"), "10.0.0.1")).isFalse();
    }

    @Test
    void aFullyQualifiedNameWithItsTrailingDotMatches() {
        assertThat(PeerNames.matches(cert("server"), "localhost.")).isTrue();
    }

    @Test
    void onlyTheNameIsCheckedNotValidityOrKeyUsage() {
        assertThat(PeerNames.matches(cert("expired"), "localhost")).isTrue();  // expired yesterday
        assertThat(PeerNames.matches(cert("client"), "client.test")).isTrue();  // extended key usage: clientAuth only
    }

    @Test
    void aFailedCheckGivesTheJdksReason() {
        assertThatThrownBy(() -> PeerNames.check(cert("server"), "other.test"))
                .isInstanceOf(java.security.cert.CertificateException.class)
                .hasMessageContaining("other.test");
        assertThat(PeerNames.describe(cert("server"))).contains("localhost", "server.test", "127.0.0.1");
    }
}
