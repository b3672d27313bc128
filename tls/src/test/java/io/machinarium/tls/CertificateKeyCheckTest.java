package io.machinarium.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A key that does not belong to its certificate is refused when the configuration is built. It used to be
 * accepted, and then every handshake failed — with OpenSSL, on an internal-error alert — while the server had
 * nothing to say why.
 */
class CertificateKeyCheckTest {
    private static final Path SERVER_CERT = TestCerts.file("server.pem");

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void aServerKeyOfAnotherCertificateIsRefusedAtBuild(TlsProvider p) {
        Path otherKey = TestCerts.file("client.key");
        assertThatThrownBy(() -> TlsConfig.server(SERVER_CERT, otherKey).provider(p).build())
                .isInstanceOf(TlsConfigException.class)
                .hasMessage("the private key in " + otherKey + " does not belong to the certificate in " + SERVER_CERT
                        + " (what the key signs, the certificate's public key does not verify): every handshake would"
                        + " fail; configure the key the certificate was issued for");
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void aKeyOfAnotherAlgorithmIsRefusedAtBuild(TlsProvider p) {
        Path ecCert = TestCerts.file("ec-server.pem");
        Path rsaKey = TestCerts.file("server.key");
        assertThatThrownBy(() -> TlsConfig.server(ecCert, rsaKey).provider(p).build())
                .isInstanceOf(TlsConfigException.class)
                .hasMessageStartingWith("the private key in " + rsaKey + " does not belong to the certificate in "
                        + ecCert + " (the key's algorithm is RSA, the certificate's EC)");
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void aClientCertificateWithAnotherKeyIsRefusedAtBuild(TlsProvider p) {
        Path clientCert = TestCerts.file("client.pem");
        assertThatThrownBy(() -> TlsTesting.client(p).certificate(clientCert, TestCerts.file("server.key")).build())
                .isInstanceOf(TlsConfigException.class)
                .hasMessageContaining("does not belong to the certificate in " + clientCert);
    }

    @ParameterizedTest
    @MethodSource("io.machinarium.tls.TlsTesting#providers")
    void matchingPairsOfEachKeyTypeAreAccepted(TlsProvider p) {
        assertThat(TlsTesting.server(p).build().certificateChain()).hasSize(1);
        assertThat(TlsConfig.server(TestCerts.file("ec-server.pem"), TestCerts.file("ec-server.key")).provider(p)
                .build().certificateChain()).hasSize(1);
        assertThat(TlsTesting.client(p).certificate(TestCerts.file("client.pem"), TestCerts.file("client.key")).build()
                .certificateChain()).hasSize(1);
    }
}
