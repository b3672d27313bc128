package io.machinarium.tls;

/**
 * Which TLS implementation a {@link TlsConfig} uses.
 *
 * <ul>
 *   <li>{@link #OPENSSL}: BoringSSL through {@code netty-tcnative-boringssl-static}; building the
 *       configuration fails if it does not load on this machine.</li>
 *   <li>{@link #JDK}: the JDK's own {@code SSLEngine}.</li>
 *   <li>{@link #AUTO}: OpenSSL where it loads, the JDK otherwise (the default).</li>
 * </ul>
 *
 * <p>Half-close differs: TLS 1.3 lets a peer end its own output (close_notify) and keep reading, and
 * only {@link #JDK} on TLS 1.3 keeps writing after that. Netty's OpenSSL engine, on any version, and
 * TLS 1.2 everywhere (as RFC 5246 requires) close both directions on the peer's close_notify; a write
 * after it then fails with {@link io.machinarium.core.ClosedException} and the connection is reset, so
 * that the peer sees a broken stream rather than a clean, cut-short one. Choose {@link #JDK} where peers
 * half-close and wait for the rest of the answer.
 *
 * @since 0.1.0
 */
public enum TlsProvider {
    /** OpenSSL where available, else the JDK. */
    AUTO,
    /** BoringSSL through netty-tcnative. */
    OPENSSL,
    /** The JDK's SSLEngine. */
    JDK
}
