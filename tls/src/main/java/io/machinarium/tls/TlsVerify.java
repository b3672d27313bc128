package io.machinarium.tls;

/**
 * How much of the peer a {@link TlsConfig} checks during the handshake.
 *
 * <ul>
 *   <li>{@link #NONE}: nothing; a client accepts any server certificate, a server asks for no client
 *       certificate. Encryption without authentication: for tests and trusted networks only.</li>
 *   <li>{@link #PEER}: the peer's certificate chain must lead to a trusted CA (the CA file and directory
 *       of the configuration, or the JDK's default trust store when neither is set) and be valid today;
 *       a server requires a client certificate.</li>
 *   <li>{@link #PEER_AND_HOSTNAME}: {@link #PEER}, and a client also checks that the server certificate
 *       names the server (its subject alternative names, or its common name when it has no DNS name) by
 *       the JDK's HTTPS endpoint identification, with either provider. Client configurations only.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public enum TlsVerify {
    /** Check nothing. */
    NONE,
    /** Check the chain of trust and validity. */
    PEER,
    /** Check the chain, validity and the server's name. */
    PEER_AND_HOSTNAME
}
