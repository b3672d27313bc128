package io.machinarium.tls;

import java.util.Locale;

/**
 * The TLS alert descriptions (IANA's TLS Alert registry; RFC 5246 section 7.2, RFC 8446 section 6), with the
 * number on the wire — which BoringSSL reports — and the name — which the JDK reports — and the
 * {@link TlsFailure} each one means for a handshake.
 */
enum TlsAlert {
    CLOSE_NOTIFY(0, TlsFailure.CLOSED),
    UNEXPECTED_MESSAGE(10, TlsFailure.OTHER),
    BAD_RECORD_MAC(20, TlsFailure.OTHER),
    DECRYPTION_FAILED(21, TlsFailure.OTHER),
    RECORD_OVERFLOW(22, TlsFailure.OTHER),
    DECOMPRESSION_FAILURE(30, TlsFailure.OTHER),
    HANDSHAKE_FAILURE(40, TlsFailure.OTHER),
    NO_CERTIFICATE(41, TlsFailure.MISSING_CLIENT_CERTIFICATE),
    BAD_CERTIFICATE(42, TlsFailure.UNKNOWN_CA),
    UNSUPPORTED_CERTIFICATE(43, TlsFailure.OTHER),
    CERTIFICATE_REVOKED(44, TlsFailure.OTHER),
    CERTIFICATE_EXPIRED(45, TlsFailure.EXPIRED_CERTIFICATE),
    CERTIFICATE_UNKNOWN(46, TlsFailure.UNKNOWN_CA),
    ILLEGAL_PARAMETER(47, TlsFailure.OTHER),
    UNKNOWN_CA(48, TlsFailure.UNKNOWN_CA),
    ACCESS_DENIED(49, TlsFailure.OTHER),
    DECODE_ERROR(50, TlsFailure.OTHER),
    DECRYPT_ERROR(51, TlsFailure.OTHER),
    EXPORT_RESTRICTION(60, TlsFailure.OTHER),
    PROTOCOL_VERSION(70, TlsFailure.NO_COMMON_PROTOCOL),
    INSUFFICIENT_SECURITY(71, TlsFailure.NO_COMMON_PROTOCOL),
    INTERNAL_ERROR(80, TlsFailure.OTHER),
    INAPPROPRIATE_FALLBACK(86, TlsFailure.OTHER),
    USER_CANCELED(90, TlsFailure.OTHER),
    NO_RENEGOTIATION(100, TlsFailure.OTHER),
    MISSING_EXTENSION(109, TlsFailure.OTHER),
    UNSUPPORTED_EXTENSION(110, TlsFailure.OTHER),
    CERTIFICATE_UNOBTAINABLE(111, TlsFailure.OTHER),
    UNRECOGNIZED_NAME(112, TlsFailure.OTHER),
    BAD_CERTIFICATE_STATUS_RESPONSE(113, TlsFailure.OTHER),
    BAD_CERTIFICATE_HASH_VALUE(114, TlsFailure.OTHER),
    UNKNOWN_PSK_IDENTITY(115, TlsFailure.OTHER),
    CERTIFICATE_REQUIRED(116, TlsFailure.MISSING_CLIENT_CERTIFICATE),
    NO_APPLICATION_PROTOCOL(120, TlsFailure.OTHER);

    private final int code;
    private final TlsFailure failure;

    TlsAlert(int code, TlsFailure failure) {
        this.code = code;
        this.failure = failure;
    }

    /** {@return the alert's number on the wire} */
    int code() {
        return code;
    }

    /** {@return the alert's registered name, e.g. "unknown_ca"} */
    String description() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@return what a handshake that ended with this alert failed of} */
    TlsFailure failure() {
        return failure;
    }

    /** {@return the alert numbered {@code code}, or null if the registry has none} */
    static TlsAlert ofCode(int code) {
        for (TlsAlert a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        return null;
    }

    /** {@return the alert of the registered name {@code description} ("unknown_ca"), or null} */
    static TlsAlert ofDescription(String description) {
        for (TlsAlert a : values()) {
            if (a.description().equals(description)) {
                return a;
            }
        }
        return null;
    }
}
