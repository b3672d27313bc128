package io.machinarium.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * Handshake failures as each provider reports them — the exceptions below are shaped as BoringSSL (through
 * Netty's OpenSSL engine) and the JDK make them, as the handshake tests see them on both providers — are
 * classified by their error codes, alerts and types, never by the words around them.
 */
class TlsErrorsTest {
    private static final TlsConfig SERVER = TlsTesting.server(TlsProvider.JDK).build();

    private static TlsFailure boringSsl(String hexCode, String reasonName) {
        return TlsErrors.classify(new SSLHandshakeException("error:" + hexCode + ":SSL routines:OPENSSL_internal:"
                + reasonName));
    }

    private static String messageOf(Throwable cause) {
        return TlsErrors.handshakeFailed(SERVER, "peer", cause).getMessage();
    }

    @Test
    void boringSslAlertsFromThePeerAreReadFromTheErrorCode() {
        assertThat(boringSsl("10000418", "TLSV1_ALERT_UNKNOWN_CA")).isEqualTo(TlsFailure.UNKNOWN_CA);  // 1000 + 48
        assertThat(boringSsl("10000415", "SSLV3_ALERT_CERTIFICATE_EXPIRED")).isEqualTo(TlsFailure.EXPIRED_CERTIFICATE);
        assertThat(boringSsl("1000045c", "TLSV1_ALERT_CERTIFICATE_REQUIRED"))
                .isEqualTo(TlsFailure.MISSING_CLIENT_CERTIFICATE);
        assertThat(boringSsl("1000042e", "TLSV1_ALERT_PROTOCOL_VERSION")).isEqualTo(TlsFailure.NO_COMMON_PROTOCOL);
        assertThat(boringSsl("10000438", "TLSV1_ALERT_INTERNAL_ERROR")).isEqualTo(TlsFailure.OTHER);
        assertThat(messageOf(new SSLHandshakeException("error:10000438:SSL routines:OPENSSL_internal:"
                + "TLSV1_ALERT_INTERNAL_ERROR"))).contains("failed: the peer aborted the handshake");
    }

    @Test
    void boringSslsOwnReasonsAreReadFromTheErrorCode() {
        assertThat(boringSsl("100000b8", "NO_SHARED_CIPHER")).isEqualTo(TlsFailure.NO_COMMON_PROTOCOL);
        assertThat(messageOf(new SSLHandshakeException("error:100000b8:SSL routines:OPENSSL_internal:NO_SHARED_CIPHER")))
                .contains("the two sides enable no cipher suite in common");
        assertThat(boringSsl("100000f0", "UNSUPPORTED_PROTOCOL")).isEqualTo(TlsFailure.NO_COMMON_PROTOCOL);
        assertThat(boringSsl("100000c0", "PEER_DID_NOT_RETURN_A_CERTIFICATE"))
                .isEqualTo(TlsFailure.MISSING_CLIENT_CERTIFICATE);
    }

    @Test
    void theCodeDecidesNotTheReasonNameBesideIt() {
        // the names are BoringSSL's to change; the numbers are its ABI
        assertThat(boringSsl("10000418", "RENAMED_REASON")).isEqualTo(TlsFailure.UNKNOWN_CA);
        assertThat(boringSsl("10000432", "TLSV1_ALERT_DECRYPT_ERROR_NOT_UNKNOWN_CA")).isEqualTo(TlsFailure.OTHER);
        // another library's code (X.509's, 11) is no TLS alert, whatever its name says
        assertThat(boringSsl("0b000074", "CERTIFICATE_EXPIRED")).isEqualTo(TlsFailure.OTHER);
    }

    @Test
    void jdkAlertsAreReadFromTheirDescriptionWhoSentThemFromTheReason() {
        assertThat(TlsErrors.classify(new SSLHandshakeException("(certificate_expired) Received fatal alert:"
                + " certificate_expired"))).isEqualTo(TlsFailure.EXPIRED_CERTIFICATE);
        assertThat(messageOf(new SSLHandshakeException("(certificate_expired) Received fatal alert: certificate_expired")))
                .contains("the peer reports this side's certificate as expired");
        assertThat(TlsErrors.classify(new SSLHandshakeException("(certificate_required) Empty client certificate chain")))
                .isEqualTo(TlsFailure.MISSING_CLIENT_CERTIFICATE);
        assertThat(TlsErrors.classify(new SSLHandshakeException("(protocol_version) The client supported protocol"
                + " versions [TLSv1.2] are not accepted by server preferences [TLSv1.3]")))
                .isEqualTo(TlsFailure.NO_COMMON_PROTOCOL);
        assertThat(messageOf(new SSLHandshakeException("(handshake_failure) Received fatal alert: handshake_failure")))
                .contains("failed: the peer aborted the handshake");
    }

    @Test
    void theJdksReasonsBehindItsOwnHandshakeFailureAlertAreReadWhole() {
        assertThat(TlsErrors.classify(new SSLHandshakeException("(handshake_failure) Empty client certificate chain")))
                .isEqualTo(TlsFailure.MISSING_CLIENT_CERTIFICATE);
        assertThat(messageOf(new SSLHandshakeException("(handshake_failure) no cipher suites in common")))
                .contains("the two sides enable no cipher suite in common");
    }

    @Test
    void wordsInAJdkReasonDoNotMakeItAnotherFailure() {
        assertThat(TlsErrors.classify(new SSLHandshakeException("(internal_error) engine closed after a certificate"
                + " expired check"))).isEqualTo(TlsFailure.OTHER);
        assertThat(TlsErrors.classify(new SSLHandshakeException("(decrypt_error) does not match"))).isEqualTo(TlsFailure.OTHER);
    }

    @Test
    void theTrustManagersExceptionsCountByTypeOnBothProviders() {
        // JDK: "(certificate_unknown) ..." over the trust manager's exception; Netty's OpenSSL engine:
        // "General OpenSslEngine problem" over the same
        CertPathValidatorException expired = new CertPathValidatorException("validity check failed",
                new CertificateExpiredException("NotAfter: yesterday"), null, -1,
                CertPathValidatorException.BasicReason.EXPIRED);
        for (String top : new String[] {"(certificate_unknown) PKIX path validation failed", "General OpenSslEngine problem"}) {
            assertThat(TlsErrors.classify(new SSLHandshakeException(top).initCause(new CertificateException(
                    "PKIX path validation failed", expired)))).isEqualTo(TlsFailure.EXPIRED_CERTIFICATE);
            assertThat(TlsErrors.classify(new SSLHandshakeException(top).initCause(new HostNameTrustManager.NameMismatch(
                    new CertificateException("No subject alternative DNS name matching localhost found.")))))
                    .isEqualTo(TlsFailure.NAME_MISMATCH);
        }
    }
}
