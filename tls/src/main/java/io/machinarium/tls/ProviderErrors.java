package io.machinarium.tls;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * What each provider's {@link SSLException} of a failed handshake says, read in the provider's own fixed terms:
 * the TLS alert, whether the peer sent it, and the provider's reason where the alert is too general.
 *
 * <ul>
 *   <li>BoringSSL (Netty's OpenSSL engine) reports its packed error code, as {@code ERR_error_string_n} writes it:
 *       {@code error:%08x:library:function:reason}. The code's top byte is the library (16: SSL), its low 12 bits
 *       the reason: an alert received from the peer is 1000 + the alert's number ({@code SSL_AD_REASON_OFFSET});
 *       lower numbers are BoringSSL's own reasons ({@code SSL_R_*} in {@code ssl.h}). Netty keeps the code in a
 *       field of a class it does not export, so the code is read where BoringSSL put it.</li>
 *   <li>The JDK reports the alert it sent or received by name, as {@code (description) reason}, and a received
 *       one with the reason {@code Received fatal alert: description}. It has no reason codes: where one alert
 *       covers several causes ({@code handshake_failure}), its reason text is the only account it gives, and
 *       the few that matter here are matched whole.</li>
 * </ul>
 *
 * <p>A provider update that changes these is caught by the tests of every failure kind, which run on both.
 */
final class ProviderErrors {
    /** ERR_LIB_SSL: the library of the TLS stack's own errors. */
    private static final int LIB_SSL = 16;
    /** SSL_AD_REASON_OFFSET: a reason at or above it is an alert the peer sent, plus this offset. */
    private static final int ALERT_OFFSET = 1000;
    private static final int SSL_R_NO_SHARED_CIPHER = 184;
    private static final int SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE = 192;
    private static final int SSL_R_UNSUPPORTED_PROTOCOL = 240;
    private static final Pattern BORINGSSL = Pattern.compile("^error:([0-9a-fA-F]{8}):");
    private static final Pattern JDK = Pattern.compile("^\\(([a-z_]+)\\) (.*)$", Pattern.DOTALL);
    /** The JDK's reasons behind a handshake_failure alert of its own that say more than the alert. */
    private static final Map<String, Diagnosis> JDK_REASONS = Map.of(
            "Empty client certificate chain", new Diagnosis(TlsFailure.MISSING_CLIENT_CERTIFICATE, false, false),
            "no cipher suites in common", new Diagnosis(TlsFailure.NO_COMMON_PROTOCOL, false, true),
            "No appropriate protocol (protocol is disabled or cipher suites are inappropriate)",
            new Diagnosis(TlsFailure.NO_COMMON_PROTOCOL, false, false));

    /**
     * What a failure is.
     *
     * @param failure its kind
     * @param fromPeer whether the peer said so in an alert, rather than this side finding it
     * @param noSharedCipher for {@link TlsFailure#NO_COMMON_PROTOCOL}: whether the suites, not the versions, had
     *     nothing in common
     */
    record Diagnosis(TlsFailure failure, boolean fromPeer, boolean noSharedCipher) {
    }

    private ProviderErrors() {
    }

    /** {@return what {@code e} says, if it is in BoringSSL's or the JDK's terms; null otherwise} */
    static Diagnosis read(SSLException e) {
        String m = e.getMessage();
        if (m == null) {
            return null;
        }
        Diagnosis d = boringSsl(m);
        return d != null ? d : jdk(m);
    }

    static Diagnosis boringSsl(String message) {
        Matcher m = BORINGSSL.matcher(message);
        if (!m.find()) {
            return null;
        }
        int code = Integer.parseUnsignedInt(m.group(1), 16);
        if (code >>> 24 != LIB_SSL) {
            return new Diagnosis(TlsFailure.OTHER, false, false);
        }
        int reason = code & 0xfff;
        if (reason >= ALERT_OFFSET) {
            return alert(TlsAlert.ofCode(reason - ALERT_OFFSET), true);
        }
        return switch (reason) {
            case SSL_R_NO_SHARED_CIPHER -> new Diagnosis(TlsFailure.NO_COMMON_PROTOCOL, false, true);
            case SSL_R_UNSUPPORTED_PROTOCOL -> new Diagnosis(TlsFailure.NO_COMMON_PROTOCOL, false, false);
            case SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE ->
                    new Diagnosis(TlsFailure.MISSING_CLIENT_CERTIFICATE, false, false);
            default -> new Diagnosis(TlsFailure.OTHER, false, false);
        };
    }

    static Diagnosis jdk(String message) {
        Matcher m = JDK.matcher(message);
        if (!m.matches()) {
            return null;
        }
        TlsAlert alert = TlsAlert.ofDescription(m.group(1));
        if (alert == null) {
            return null;
        }
        String reason = m.group(2);
        if (reason.equals("Received fatal alert: " + alert.description())) {
            return alert(alert, true);
        }
        Diagnosis d = alert == TlsAlert.HANDSHAKE_FAILURE ? JDK_REASONS.get(reason) : null;
        return d != null ? d : alert(alert, false);
    }

    private static Diagnosis alert(TlsAlert alert, boolean fromPeer) {
        return new Diagnosis(alert == null ? TlsFailure.OTHER : alert.failure(), fromPeer, false);
    }
}
