package io.machinarium.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Checks a host name or address against a certificate with the JDK's own HTTPS endpoint identification — the
 * check a client's handshake runs for {@link TlsVerify#PEER_AND_HOSTNAME}, with both providers — so that a name
 * accepted after the handshake is exactly a name the handshake would have accepted. The JDK's rules (RFC 2818 and
 * RFC 6125): an IP address matches only an IP subject alternative name; a host name matches a DNS subject
 * alternative name, a wildcard standing for the whole or part of the left-most label only, internationalised
 * names compared in one form; the common name counts only when the certificate has no DNS name at all.
 *
 * <p>The JDK offers that check through one public door: {@link X509ExtendedTrustManager#checkServerTrusted(
 * X509Certificate[], String, javax.net.ssl.SSLEngine)} with an engine whose parameters name the "HTTPS"
 * algorithm. The trust manager used here trusts only the certificate being asked about, so that the chain check
 * before the name check passes at once (and skips validity dates and key-usage rules, which a name check is not
 * about); the engine is a {@link NameProbe} carrying the name. {@code HttpsURLConnection}'s default
 * {@code HostnameVerifier}, the other public candidate, is no check at all: it refuses every name, because the
 * JDK's HTTPS client checks names itself before asking it. The JDK's internal checker is not public API.
 */
final class PeerNames {
    private PeerNames() {
    }

    /** {@return whether {@code c} names {@code name} by the JDK's HTTPS rules} */
    static boolean matches(X509Certificate c, String name) {
        try {
            check(c, name);
            return true;
        } catch (CertificateException e) {
            return false;
        }
    }

    /**
     * Runs the JDK's HTTPS host-name check of {@code name} against {@code c}.
     *
     * @throws CertificateException the JDK's, if {@code c} does not name {@code name}
     */
    static void check(X509Certificate c, String name) throws CertificateException {
        Objects.requireNonNull(name, "name");
        X509Certificate[] chain = {c};
        trustingOnly(c).checkServerTrusted(chain, "UNKNOWN", new NameProbe(name));  // TLS 1.3's authType
    }

    private static X509ExtendedTrustManager trustingOnly(X509Certificate c) {
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            ks.setCertificateEntry("peer", c);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(ks);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("the JDK's PKIX trust manager factory made no X509ExtendedTrustManager");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's PKIX trust manager cannot be made: " + e.getMessage(), e);
        }
    }

    /** {@return the names {@code c} holds, for a message: its subject alternative names and its common name} */
    static String describe(X509Certificate c) {
        List<String> names = new ArrayList<>();
        for (List<?> san : sans(c)) {
            names.add(String.valueOf(san.get(1)));
        }
        String cn = commonName(c);
        return (names.isEmpty() ? "no subject alternative name" : "subject alternative names " + names)
                + (cn != null ? " and common name '" + cn + "'" : "");
    }

    private static Collection<List<?>> sans(X509Certificate c) {
        try {
            Collection<List<?>> s = c.getSubjectAlternativeNames();
            return s == null ? List.of() : s;
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    private static String commonName(X509Certificate c) {
        try {
            String cn = null;
            for (Rdn r : new LdapName(c.getSubjectX500Principal().getName()).getRdns()) {
                if (r.getType().equalsIgnoreCase("CN")) {
                    cn = String.valueOf(r.getValue());
                }
            }
            return cn;
        } catch (InvalidNameException e) {
            return null;
        }
    }
}
