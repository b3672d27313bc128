package io.machinarium.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.OpenSsl;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Building configurations: defaults, files, and the mistakes that are refused with a clear message. */
class TlsConfigTest {
    @Test
    void defaultsAreTls12And13AndVerifyingClients() {
        TlsConfig c = TlsConfig.client().serverName("localhost").build();
        assertThat(c.protocols()).containsExactlyInAnyOrder("TLSv1.2", "TLSv1.3");
        assertThat(c.verify()).isEqualTo(TlsVerify.PEER_AND_HOSTNAME);
        assertThat(c.isServer()).isFalse();
        assertThat(c.provider()).isEqualTo(OpenSsl.isAvailable() ? TlsProvider.OPENSSL : TlsProvider.JDK);
        TlsConfig s = TlsConfig.server(TestCerts.file("server.pem"), TestCerts.file("server.key")).build();
        assertThat(s.verify()).isEqualTo(TlsVerify.NONE);
        assertThat(s.certificateChain()).hasSize(1);
    }

    @Test
    void theDefaultCipherSuitesAreForwardSecretAeadOnlyOnBothProvidersAndBothSides() {
        for (TlsProvider p : TlsTesting.providers()) {
            for (TlsConfig c : List.of(TlsTesting.client(p).build(), TlsTesting.server(p).build())) {
                assertThat(c.ciphers()).isSameAs(TlsConfig.DEFAULT_CIPHERS);
                assertThat(c.context().cipherSuites()).as(c.toString()).isNotEmpty()
                        .allMatch(s -> s.matches("TLS_(AES_(128_GCM_SHA256|256_GCM_SHA384)|CHACHA20_POLY1305_SHA256)")
                                || s.matches("TLS_ECDHE_(RSA|ECDSA)_WITH_(AES_(128|256)_GCM|CHACHA20_POLY1305)_SHA(256|384)"));
            }
        }
    }

    @Test
    void theProviderContextIsBuiltOnceAndReused() {
        TlsConfig c = TlsConfig.client().serverName("localhost").build();
        assertThat(c.context()).isSameAs(c.context());
    }

    @Test
    void protocolsOlderThanTls12AreRefused() {
        assertThatThrownBy(() -> TlsConfig.client().protocols("TLSv1.1"))
                .isInstanceOf(TlsConfigException.class)
                .hasMessage("protocol version 'TLSv1.1' is not supported: use TLSv1.2 or TLSv1.3");
    }

    @Test
    void aMissingCertificateFileIsNamed() {
        Path missing = TestCerts.file("nope.pem");
        assertThatThrownBy(() -> TlsConfig.server(missing, TestCerts.file("server.key")).build())
                .isInstanceOf(TlsConfigException.class)
                .hasMessageStartingWith("the certificate file " + missing + " cannot be read");
    }

    @Test
    void aCertificateIsNotAKey() {
        assertThatThrownBy(() -> TlsConfig.server(TestCerts.file("server.pem"), TestCerts.file("server.pem")).build())
                .isInstanceOf(TlsConfigException.class)
                .hasMessage("the private key file " + TestCerts.file("server.pem") + " holds no PEM private key");
    }

    @Test
    void pkcs1AndPkcs8KeysBothLoad() {
        assertThat(TlsConfig.server(TestCerts.file("server.pem"), TestCerts.file("server-pkcs1.key")).build()
                .certificateChain()).hasSize(1);
        assertThat(PemFiles.privateKey(TestCerts.file("server-pkcs1.key"), null))
                .isEqualTo(PemFiles.privateKey(TestCerts.file("server.key"), null));
    }

    @Test
    void aServerCannotCheckItsClientsHostName() {
        assertThatThrownBy(() -> TlsConfig.server(TestCerts.file("server.pem"), TestCerts.file("server.key"))
                .verify(TlsVerify.PEER_AND_HOSTNAME).build())
                .isInstanceOf(TlsConfigException.class)
                .hasMessageStartingWith("a server cannot check its client's host name");
    }

    @Test
    void aCaDirectoryWithoutCertificatesIsRefused() {
        Path empty = TestCerts.file("emptydir");
        assertThatThrownBy(() -> {
            java.nio.file.Files.createDirectories(empty);
            TlsConfig.client().caDirectory(empty).serverName("x.test").build();
        }).isInstanceOf(TlsConfigException.class).hasMessage("the CA directory " + empty + " holds no certificate");
    }

    @Test
    void tlsServerEndPointUsesTheSignatureHashOrSha256() {
        assertThat(TlsSession.bindingHash("SHA256withRSA")).isEqualTo("SHA-256");
        assertThat(TlsSession.bindingHash("SHA1withRSA")).isEqualTo("SHA-256");
        assertThat(TlsSession.bindingHash("MD5withRSA")).isEqualTo("SHA-256");
        assertThat(TlsSession.bindingHash("SHA384withECDSA")).isEqualTo("SHA-384");
        assertThat(TlsSession.bindingHash("SHA512withRSA")).isEqualTo("SHA-512");
    }

    @Test
    void peerNamesMatchSansWildcardsAndAddresses() {
        var cert = PemFiles.certificates(TestCerts.file("server.pem")).get(0);
        assertThat(PeerNames.matches(cert, "localhost")).isTrue();
        assertThat(PeerNames.matches(cert, "LOCALHOST")).isTrue();
        assertThat(PeerNames.matches(cert, "127.0.0.1")).isTrue();
        assertThat(PeerNames.matches(cert, "127.0.0.2")).isFalse();
        assertThat(PeerNames.matches(cert, "other.test")).isFalse();
        assertThat(PeerNames.describe(cert)).contains("localhost", "server.test", "127.0.0.1");
    }
}
