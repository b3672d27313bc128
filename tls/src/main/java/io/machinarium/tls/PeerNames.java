package io.machinarium.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** Matches a host name or address against a certificate's subject alternative names and common name. */
final class PeerNames {
    private static final int DNS = 2;
    private static final int IP = 7;

    private PeerNames() {
    }

    static boolean matches(X509Certificate c, String name) {
        String want = name.toLowerCase(Locale.ROOT);
        boolean literal = isAddressLiteral(want);
        boolean anyDns = false;
        for (List<?> san : sans(c)) {
            int type = (Integer) san.get(0);
            String value = String.valueOf(san.get(1)).toLowerCase(Locale.ROOT);
            if (type == DNS) {
                anyDns = true;
                if (!literal && dnsMatches(value, want)) {
                    return true;
                }
            } else if (type == IP && literal && sameAddress(value, want)) {
                return true;
            }
        }
        if (!anyDns) {
            String cn = commonName(c);
            return cn != null && (literal ? cn.equals(want) : dnsMatches(cn.toLowerCase(Locale.ROOT), want));
        }
        return false;
    }

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

    private static boolean dnsMatches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot).equals(pattern.substring(1));
        }
        return pattern.equals(host);
    }

    private static boolean isAddressLiteral(String s) {
        return s.indexOf(':') >= 0 || s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static boolean sameAddress(String a, String b) {
        try {
            // both are literals: no lookup happens
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
