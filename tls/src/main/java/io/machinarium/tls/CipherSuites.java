package io.machinarium.tls;

import java.util.List;

/**
 * The cipher suites a {@link TlsConfig} enables unless {@link TlsConfig.Builder#ciphers} says otherwise:
 * forward-secret AEAD suites only, the same on both providers. TLS 1.3 has no other kind. For TLS 1.2
 * that is ECDHE key exchange with AES-GCM or ChaCha20-Poly1305. Left out, though the providers enable
 * them by default: RSA key exchange ({@code AES128-GCM-SHA256}, {@code AES128-SHA}, {@code AES256-SHA} on
 * OpenSSL), which lets whoever gets the server's key later read every recorded session, and the CBC
 * suites with SHA-1 or SHA-2 MACs (both providers), MAC-then-encrypt constructions with a long record
 * of padding-oracle attacks. Finite-field DHE is left out too: it is slow, and the JDK's default group
 * sizes vary. Every TLS 1.2 peer of the last decade offers an ECDHE-GCM suite.
 */
final class CipherSuites {
    /** Strongest first within each version; Java (IANA) names, which both providers accept. */
    static final List<String> DEFAULTS = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private CipherSuites() {
    }
}
