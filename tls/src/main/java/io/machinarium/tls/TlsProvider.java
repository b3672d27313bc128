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
 */
public enum TlsProvider {
    /** OpenSSL where available, else the JDK. */
    AUTO,
    /** BoringSSL through netty-tcnative. */
    OPENSSL,
    /** The JDK's SSLEngine. */
    JDK
}
