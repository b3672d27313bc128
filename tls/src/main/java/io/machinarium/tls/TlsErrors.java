package io.machinarium.tls;

import io.netty.handler.ssl.NotSslRecordException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import javax.net.ssl.SSLHandshakeException;

/** Turns a provider's handshake failure into a {@link TlsHandshakeException} that says what went wrong. */
final class TlsErrors {
    private TlsErrors() {
    }

    static TlsHandshakeException handshakeFailed(TlsConfig config, String peer, Throwable cause) {
        TlsFailure f = classify(cause);
        boolean alert = fromPeer(cause);
        String why = switch (f) {
            case UNKNOWN_CA -> alert ? "the peer does not trust this side's certificate (unknown CA)"
                    : "the peer's certificate is not signed by a trusted CA (unknown CA)";
            case NAME_MISMATCH -> "the server's certificate does not name the expected host";
            case EXPIRED_CERTIFICATE -> alert ? "the peer reports this side's certificate as expired"
                    : "the peer's certificate has expired or is not yet valid";
            case MISSING_CLIENT_CERTIFICATE -> config.isServer()
                    ? "the client sent no certificate, but one is required"
                    : "the server requires a client certificate and this client sent none";
            case NO_COMMON_PROTOCOL -> noSharedCipher(cause)
                    ? "the two sides enable no cipher suite in common (this side: " + config.ciphers()
                            + (config.ciphers() == TlsConfig.DEFAULT_CIPHERS ? ", the defaults: forward-secret AEAD"
                            + " suites only; TlsConfig.Builder.ciphers enables others" : "") + ")"
                    : "the two sides enable no protocol version in common (this side: " + config.protocols() + ")";
            case NOT_TLS -> "the peer does not speak TLS (it sent something that is not a TLS record)";
            case CLOSED -> "the peer closed the connection during the handshake";
            case OTHER -> alert ? "the peer aborted the handshake" : "the handshake failed";
        };
        String detail = innermostMessage(cause);
        IOException io = cause instanceof IOException e ? e : new SSLHandshakeException(String.valueOf(detail));
        if (io != cause) {
            io.initCause(cause);
        }
        return new TlsHandshakeException(f, "TLS handshake with " + peer + " failed: " + why
                + (detail != null ? " (" + detail + ")" : ""), io);
    }

    /** Whether the failure is an alert the peer sent, rather than this side's own check. */
    private static boolean fromPeer(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("received fatal alert") || m.contains("_alert_")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the provider said the suites, not the versions, had nothing in common. */
    private static boolean noSharedCipher(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("no_shared_cipher") || m.contains("no_cipher") || m.contains("no cipher suites in common")) {
                return true;
            }
        }
        return false;
    }

    static TlsFailure classify(Throwable cause) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NotSslRecordException) {
                return TlsFailure.NOT_TLS;
            }
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return TlsFailure.EXPIRED_CERTIFICATE;
            }
            all.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        String s = all.toString().toLowerCase(Locale.ROOT);
        if (s.contains("certificate_expired") || s.contains("certificate expired") || s.contains("validity check failed")) {
            return TlsFailure.EXPIRED_CERTIFICATE;
        }
        if (s.contains("no subject alternative") || s.contains("no name matching")
                || s.contains("hostname mismatch") || s.contains("does not match")) {
            return TlsFailure.NAME_MISMATCH;
        }
        if (s.contains("empty client certificate chain") || s.contains("peer_did_not_return_a_certificate")
                || s.contains("certificate_required") || s.contains("certificate required")) {
            return TlsFailure.MISSING_CLIENT_CERTIFICATE;
        }
        if (s.contains("unable to find valid certification path") || s.contains("unknown_ca")
                || s.contains("unknown ca") || s.contains("certificate_unknown") || s.contains("bad_certificate")
                || s.contains("certificate_verify_failed")) {
            return TlsFailure.UNKNOWN_CA;
        }
        if (s.contains("protocol_version") || s.contains("no appropriate protocol") || s.contains("unsupported_protocol")
                || s.contains("not enabled or supported") || s.contains("no_cipher") || s.contains("no_shared_cipher")
                || s.contains("no_protocols_available") || s.contains("no cipher suites in common")
                || s.contains("wrong_version_number")) {
            return TlsFailure.NO_COMMON_PROTOCOL;
        }
        if (s.contains("not an ssl/tls record") || s.contains("not ssl") || s.contains("http_request")) {
            return TlsFailure.NOT_TLS;
        }
        if (cause instanceof ClosedChannelException || s.contains("closed") || s.contains("connection reset")) {
            return TlsFailure.CLOSED;
        }
        return TlsFailure.OTHER;
    }

    private static String innermostMessage(Throwable cause) {
        String m = null;
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                m = t.getMessage();
            }
        }
        return m;
    }
}
