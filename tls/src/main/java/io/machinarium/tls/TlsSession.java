package io.machinarium.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * What a completed handshake agreed: protocol version, cipher suite, ALPN protocol, the certificates
 * of both sides, and the tls-server-end-point channel binding (RFC 5929) that SCRAM-SHA-256-PLUS uses.
 * A snapshot taken right after the handshake; immutable, any thread.
 *
 * @since 0.1.0
 */
public final class TlsSession {
    private final boolean server;
    private final String protocol;
    private final String cipherSuite;
    private final String applicationProtocol;
    private final String requestedServerName;
    private final List<X509Certificate> peerCertificates;
    private final List<X509Certificate> localCertificates;

    /**
     * Takes the snapshot.
     *
     * @param server whether this side is the server
     * @param s the engine's session, right after the handshake
     * @param applicationProtocol the ALPN protocol agreed, null or empty for none
     * @param ownChain this side's configured chain, for a provider that does not report it
     * @param peerMaySendCertificates false on a server that asks for no client certificate ({@link TlsVerify#NONE}):
     *     its peer cannot have sent one, and asking the engine would only build and throw (with a stack trace, in
     *     every handshake) the SSLPeerUnverifiedException that says so
     */
    TlsSession(boolean server, SSLSession s, String applicationProtocol, List<X509Certificate> ownChain,
               boolean peerMaySendCertificates) {
        this.server = server;
        this.protocol = s.getProtocol();
        this.cipherSuite = s.getCipherSuite();
        this.applicationProtocol = applicationProtocol == null || applicationProtocol.isEmpty() ? null
                : applicationProtocol;
        this.peerCertificates = peerMaySendCertificates ? x509(peer(s)) : List.of();
        List<X509Certificate> local = x509(s.getLocalCertificates());
        this.localCertificates = local.isEmpty() ? ownChain : local;
        String sni = null;
        if (server && s instanceof ExtendedSSLSession e) {
            try {
                for (SNIServerName n : e.getRequestedServerNames()) {
                    if (n instanceof SNIHostName h) {
                        sni = h.getAsciiName();
                    }
                }
            } catch (UnsupportedOperationException ignored) {
                // provider does not report it
            }
        }
        this.requestedServerName = sni;
    }

    private static Certificate[] peer(SSLSession s) {
        try {
            return s.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private static List<X509Certificate> x509(Certificate[] certs) {
        List<X509Certificate> out = new ArrayList<>();
        if (certs != null) {
            for (Certificate c : certs) {
                if (c instanceof X509Certificate x) {
                    out.add(x);
                }
            }
        }
        return List.copyOf(out);
    }

    /** {@return the negotiated protocol version, e.g. "TLSv1.3"} */
    public String protocol() {
        return protocol;
    }

    /** {@return the negotiated cipher suite, e.g. "TLS_AES_128_GCM_SHA256"} */
    public String cipherSuite() {
        return cipherSuite;
    }

    /** {@return the ALPN protocol both sides agreed on, or null if none was negotiated} */
    public String applicationProtocol() {
        return applicationProtocol;
    }

    /** {@return on a server, the host name the client asked for in SNI; null if none (and on a client)} */
    public String requestedServerName() {
        return requestedServerName;
    }

    /** {@return the peer's certificate chain, leaf first; empty if the peer sent none} */
    public List<X509Certificate> peerCertificates() {
        return peerCertificates;
    }

    /** {@return the peer's own certificate, or null if it sent none} */
    public X509Certificate peerCertificate() {
        return peerCertificates.isEmpty() ? null : peerCertificates.get(0);
    }

    /** {@return this side's certificate chain as sent, leaf first; empty if it sent none} */
    public List<X509Certificate> localCertificates() {
        return localCertificates;
    }

    /**
     * Whether the peer's certificate names {@code name}, by the JDK's HTTPS endpoint identification — the very
     * check a client's handshake runs for {@link TlsVerify#PEER_AND_HOSTNAME}: an IP address matches an IP
     * subject alternative name; a host name matches a DNS subject alternative name (a wildcard stands for all
     * or part of the left-most label only; internationalised names match in either form), or, when the
     * certificate has no DNS name at all, its common name. Checks the name only — not the chain, validity dates
     * or key usage, which the handshake's {@link TlsVerify} checked or not — so a server can ask it of a
     * client's certificate too.
     *
     * @param name a host name or IP address literal
     * @return true if it matches; false if not, or if the peer sent no certificate
     */
    public boolean peerNameMatches(String name) {
        X509Certificate c = peerCertificate();
        return c != null && PeerNames.matches(c, name);
    }

    /**
     * Throws unless the peer's certificate names {@code name} (see {@link #peerNameMatches(String)}).
     *
     * @param name the expected host name or address
     * @throws TlsPeerNameException if it does not, naming what the certificate holds and the JDK's reason
     */
    public void verifyPeerName(String name) {
        X509Certificate c = peerCertificate();
        if (c == null) {
            throw new TlsPeerNameException("the peer sent no certificate, so it cannot be '" + name + "'");
        }
        try {
            PeerNames.check(c, name);
        } catch (CertificateException e) {
            throw new TlsPeerNameException("the peer's certificate names " + PeerNames.describe(c)
                    + ", not '" + name + "' (" + e.getMessage() + ")");
        }
    }

    /**
     * The tls-server-end-point channel binding (RFC 5929 section 4.1): the hash of the server's
     * certificate (DER), with the hash function of the certificate's signature algorithm, or SHA-256
     * if that is MD5, SHA-1 or not a plain hash (e.g. Ed25519).
     *
     * @return the hash; a new array each time
     * @throws IllegalStateException if the server sent no certificate
     */
    public byte[] tlsServerEndPoint() {
        List<X509Certificate> chain = server ? localCertificates : peerCertificates;
        if (chain.isEmpty()) {
            throw new IllegalStateException("no server certificate: tls-server-end-point is undefined");
        }
        X509Certificate c = chain.get(0);
        try {
            return MessageDigest.getInstance(bindingHash(c.getSigAlgName())).digest(c.getEncoded());
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot hash the server certificate: " + e.getMessage(), e);
        }
    }

    static String bindingHash(String sigAlg) {
        String a = sigAlg.toUpperCase(java.util.Locale.ROOT);
        if (a.startsWith("SHA384")) {
            return "SHA-384";
        }
        if (a.startsWith("SHA512")) {
            return "SHA-512";
        }
        if (a.startsWith("SHA3-256")) {
            return "SHA3-256";
        }
        if (a.startsWith("SHA3-384")) {
            return "SHA3-384";
        }
        if (a.startsWith("SHA3-512")) {
            return "SHA3-512";
        }
        return "SHA-256";
    }

    @Override
    public String toString() {
        return "TlsSession[" + protocol + ", " + cipherSuite + (applicationProtocol != null ? ", alpn "
                + applicationProtocol : "") + (peerCertificates.isEmpty() ? ", anonymous peer" : ", peer "
                + peerCertificate().getSubjectX500Principal().getName()) + "]";
    }
}
