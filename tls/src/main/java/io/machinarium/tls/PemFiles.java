package io.machinarium.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.TrustManagerFactory;

/**
 * Reads PEM certificates, private keys (PKCS#8 and PKCS#1) and CA files and directories. Only regular
 * files of at most {@link #MAX_BYTES} are read: a path naming {@code /dev/zero}, a pipe or a file that
 * never ends would otherwise be read until the heap runs out, or forever. The limit holds while reading
 * too, for a file that grows after its size was checked or that reports no size (as {@code /proc} files do).
 */
final class PemFiles {
    /** The most a PEM file may hold: 1 MiB, five times a full public CA bundle (about 200 KiB). */
    static final int MAX_BYTES = 1 << 20;
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    /** DER of AlgorithmIdentifier { rsaEncryption, NULL }. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
        (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private PemFiles() {
    }

    static List<X509Certificate> certificates(Path file) {
        return certificates(file, read(file, "certificate file"));
    }

    private static List<X509Certificate> certificates(Path file, byte[] pem) {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>();
            for (var c : cf.generateCertificates(new ByteArrayInputStream(pem))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new TlsConfigException("the certificate file " + file + " holds no certificate");
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException("the certificate file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The bytes of a regular file of at most {@link #MAX_BYTES}.
     *
     * @param what what the file is, for the message ("certificate file")
     * @throws TlsConfigException if it cannot be read, is not a regular file, or holds more than the limit
     */
    static byte[] read(Path file, String what) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);  // follows links
            if (!a.isRegularFile()) {
                throw new TlsConfigException("the " + what + " " + file + " is not a regular file but "
                        + (a.isDirectory() ? "a directory" : "a device, a pipe or a socket") + "; PEM is read from"
                        + " regular files only");
            }
            if (a.size() > MAX_BYTES) {
                throw tooLarge(file, what, a.size() + " bytes");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return readCapped(in, file, what);
            }
        } catch (IOException e) {
            throw new TlsConfigException("the " + what + " " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Reads {@code in} to its end, refusing to go past {@link #MAX_BYTES}. */
    static byte[] readCapped(InputStream in, Path file, String what) throws IOException {
        byte[] b = in.readNBytes(MAX_BYTES + 1);
        if (b.length > MAX_BYTES) {
            throw tooLarge(file, what, "more than that as it was read");
        }
        return b;
    }

    private static TlsConfigException tooLarge(Path file, String what, String size) {
        return new TlsConfigException("the " + what + " " + file + " is larger than the limit of " + MAX_BYTES
                + " bytes (1 MiB) for a PEM file: " + size);
    }

    static PrivateKey privateKey(Path file) {
        String text = new String(read(file, "private key file"), StandardCharsets.US_ASCII);
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            if (!type.endsWith("PRIVATE KEY")) {
                continue;
            }
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            switch (type) {
                case "PRIVATE KEY" -> {
                    return pkcs8(file, der);
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(file, rsaToPkcs8(der));
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new TlsConfigException("the private key file " + file
                        + " is encrypted; decrypt it (openssl pkcs8 -nocrypt) or use an unencrypted key");
                default -> throw new TlsConfigException("the private key file " + file + " holds a '" + type
                        + "'; convert it to PKCS#8 (openssl pkcs8 -topk8 -nocrypt)");
            }
        }
        throw new TlsConfigException("the private key file " + file + " holds no PEM private key");
    }

    private static PrivateKey pkcs8(Path file, byte[] der) {
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new TlsConfigException("the private key file " + file + " holds a key of no supported algorithm"
                + " (RSA, EC, Ed25519, Ed448, DSA)");
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo. */
    private static byte[] rsaToPkcs8(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});  // version 0
        body.writeBytes(RSA_ALGORITHM);
        body.writeBytes(tlv(0x04, pkcs1));
        return tlv(0x30, body.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    /** A trust manager factory trusting every certificate of the CA file and of the CA directory's files. */
    static TrustManagerFactory trust(Path caFile, Path caDirectory) {
        Set<X509Certificate> cas = new LinkedHashSet<>();
        if (caFile != null) {
            cas.addAll(certificates(caFile));
        }
        if (caDirectory != null) {
            if (!Files.isDirectory(caDirectory)) {
                throw new TlsConfigException("the CA directory " + caDirectory + " is not a directory");
            }
            try (Stream<Path> files = Files.list(caDirectory)) {
                for (Path p : files.sorted().toList()) {
                    if (Files.isRegularFile(p)) {
                        byte[] pem = read(p, "file of the CA directory");  // too large is an error, not a skip
                        try {
                            cas.addAll(certificates(p, pem));
                        } catch (TlsConfigException e) {
                            // not a certificate (a CRL, a README): a CA directory may hold those
                        }
                    }
                }
            } catch (IOException e) {
                throw new TlsConfigException("the CA directory " + caDirectory + " cannot be listed: " + e.getMessage(), e);
            }
            if (cas.isEmpty()) {
                throw new TlsConfigException("the CA directory " + caDirectory + " holds no certificate");
            }
        }
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : cas) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return tmf;
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsConfigException("the trusted CAs cannot be loaded: " + e.getMessage(), e);
        }
    }
}
