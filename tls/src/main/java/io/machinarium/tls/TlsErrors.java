package io.machinarium.tls;

import io.machinarium.tls.ProviderErrors.Diagnosis;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslClosedEngineException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXReason;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Turns a provider's handshake failure into a {@link TlsHandshakeException} that says what went wrong. The kind
 * of failure comes from what the providers give in a fixed form, never from the words of a message: first the
 * exception types in the cause chain — Netty's {@link NotSslRecordException}, this module's
 * {@link HostNameTrustManager.NameMismatch}, the JDK's certificate path exceptions and their
 * {@link CertPathValidatorException#getReason() reasons}, which both providers pass on from the trust manager —
 * then the TLS alert or error code of the provider's own exception ({@link ProviderErrors}), then a connection
 * that went away.
 */
final class TlsErrors {
    private TlsErrors() {
    }

    static TlsHandshakeException handshakeFailed(TlsConfig config, String peer, Throwable cause) {
        Diagnosis d = diagnose(cause);
        String why = switch (d.failure()) {
            case UNKNOWN_CA -> d.fromPeer() ? "the peer does not trust this side's certificate (unknown CA)"
                    : "the peer's certificate is not signed by a trusted CA (unknown CA)";
            case NAME_MISMATCH -> "the server's certificate does not name the expected host";
            case EXPIRED_CERTIFICATE -> d.fromPeer() ? "the peer reports this side's certificate as expired"
                    : "the peer's certificate has expired or is not yet valid";
            case MISSING_CLIENT_CERTIFICATE -> config.isServer()
                    ? "the client sent no certificate, but one is required"
                    : "the server requires a client certificate and this client sent none";
            case NO_COMMON_PROTOCOL -> d.noSharedCipher()
                    ? "the two sides enable no cipher suite in common (this side: " + config.ciphers()
                            + (config.ciphers() == TlsConfig.DEFAULT_CIPHERS ? ", the defaults: forward-secret AEAD"
                            + " suites only; TlsConfig.Builder.ciphers enables others" : "") + ")"
                    : "the two sides enable no protocol version in common (this side: " + config.protocols() + ")";
            case NOT_TLS -> "the peer does not speak TLS (it sent something that is not a TLS record)";
            case CLOSED -> "the peer closed the connection during the handshake";
            case OTHER -> d.fromPeer() ? "the peer aborted the handshake" : "the handshake failed";
        };
        String detail = innermostMessage(cause);
        IOException io = cause instanceof IOException e ? e : new SSLHandshakeException(String.valueOf(detail));
        if (io != cause) {
            io.initCause(cause);
        }
        return new TlsHandshakeException(d.failure(), "TLS handshake with " + peer + " failed: " + why
                + (detail != null ? " (" + detail + ")" : ""), io);
    }

    /** {@return the kind of failure {@code cause}, a provider's handshake failure, reports} */
    static TlsFailure classify(Throwable cause) {
        return diagnose(cause).failure();
    }

    /** {@return what {@code cause}, a provider's handshake failure, reports} */
    static Diagnosis diagnose(Throwable cause) {
        Diagnosis byType = byType(cause);
        if (byType != null) {
            return byType;
        }
        for (Throwable t = cause; t != null; t = next(t)) {
            if (t instanceof SSLException e) {
                Diagnosis d = ProviderErrors.read(e);
                if (d != null) {
                    return d;
                }
            }
        }
        for (Throwable t = cause; t != null; t = next(t)) {
            if (t instanceof ClosedChannelException || t instanceof SslClosedEngineException
                    || (t instanceof IOException && !(t instanceof SSLException))) {
                return local(TlsFailure.CLOSED);  // the connection went away (closed, reset) mid-handshake
            }
        }
        return local(TlsFailure.OTHER);
    }

    /** What the types in the cause chain say, if anything: each of these is this side's own finding. */
    private static Diagnosis byType(Throwable cause) {
        for (Throwable t = cause; t != null; t = next(t)) {
            if (t instanceof NotSslRecordException) {
                return local(TlsFailure.NOT_TLS);
            }
            if (t instanceof HostNameTrustManager.NameMismatch) {
                return local(TlsFailure.NAME_MISMATCH);
            }
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return local(TlsFailure.EXPIRED_CERTIFICATE);
            }
            if (t instanceof CertPathValidatorException v) {
                if (v.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                        || v.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                    return local(TlsFailure.EXPIRED_CERTIFICATE);
                }
                if (v.getReason() == PKIXReason.NO_TRUST_ANCHOR
                        || v.getReason() == CertPathValidatorException.BasicReason.INVALID_SIGNATURE) {
                    return local(TlsFailure.UNKNOWN_CA);
                }
            }
            if (t instanceof CertPathBuilderException) {
                return local(TlsFailure.UNKNOWN_CA);  // no path from the peer's certificate to a trusted one
            }
        }
        return null;
    }

    private static Diagnosis local(TlsFailure f) {
        return new Diagnosis(f, false, false);
    }

    private static Throwable next(Throwable t) {
        return t.getCause() == t ? null : t.getCause();
    }

    private static String innermostMessage(Throwable cause) {
        String m = null;
        for (Throwable t = cause; t != null; t = next(t)) {
            if (t.getMessage() != null) {
                m = t.getMessage();
            }
        }
        return m;
    }
}
