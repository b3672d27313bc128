package io.machinarium.tls;

import io.netty.handler.ssl.SslContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.TrustManagerFactory;

/**
 * Reads PEM certificates, private keys and CA files and directories. The bytes are read here, with a cap, and
 * parsed by the libraries: private keys by Netty's reader, the one {@link io.netty.handler.ssl.SslContextBuilder}
 * uses for its key arguments — PKCS#8, encrypted PKCS#8 (the JDK's PBES1 and PBES2 ciphers) and, with
 * BouncyCastle's PKIX library on the class path as this module ships it, PKCS#1 RSA, SEC1 EC and OpenSSL's
 * encrypted traditional keys; certificates by the JDK's X.509 factory, which Netty's reader too hands each
 * certificate to. Netty's certificate reader is not used itself: its pattern for the end of a PEM block recurses
 * once per blank character that follows, so a file with some ten thousand of them (a certificate padded with
 * blank lines) overflows the stack; the JDK's reader has no such limit.
 *
 * <p>Only regular files of at most {@link #MAX_BYTES} are read: a path naming {@code /dev/zero}, a pipe or a
 * file that never ends would otherwise be read until the heap runs out, or forever. The limit holds while
 * reading too, for a file that grows after its size was checked or that reports no size (as {@code /proc}
 * files do). Netty's own file readers have no such limit, which is why it is given streams over bytes read here.
 */
final class PemFiles {
    /** The most a PEM file may hold: 1 MiB, five times a full public CA bundle (about 200 KiB). */
    static final int MAX_BYTES = 1 << 20;
    /** A PEM private key of any kind: the label Netty's and BouncyCastle's readers look for. */
    private static final Pattern KEY_LABEL = Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----");
    /** PKCS#8's encrypted form, or OpenSSL's traditional one (RFC 1421 headers). */
    private static final Pattern ENCRYPTED = Pattern.compile(
            "-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\\s*4,\\s*ENCRYPTED");

    private PemFiles() {
    }

    /**
     * The certificates of a PEM file, in file order.
     *
     * @throws TlsConfigException if the file cannot be read or holds no certificate
     */
    static List<X509Certificate> certificates(Path file) {
        return certificates(file, read(file, "certificate file"));
    }

    private static List<X509Certificate> certificates(Path file, byte[] pem) {
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new TlsConfigException("the certificate file " + file + " holds no certificate");
            }
            return List.copyOf(out);
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException("the certificate file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The private key of a PEM file.
     *
     * @param password the password of an encrypted key; ignored (may be null) for an unencrypted one
     * @throws TlsConfigException if the file cannot be read, holds no private key, is encrypted and no password
     *     or a wrong one was given, or holds a key no reader supports
     */
    static PrivateKey privateKey(Path file, String password) {
        byte[] pem = read(file, "private key file");
        String text = new String(pem, StandardCharsets.US_ASCII);
        if (!KEY_LABEL.matcher(text).find()) {
            throw new TlsConfigException("the private key file " + file + " holds no PEM private key");
        }
        boolean encrypted = ENCRYPTED.matcher(text).find();
        if (encrypted && password == null) {
            throw new TlsConfigException("the private key file " + file + " is encrypted: give its password"
                    + " (TlsConfig.Builder.certificate(certificateFile, keyFile, password))");
        }
        try {
            return NettyPem.privateKey(new ByteArrayInputStream(withoutTrailingBlanks(pem)), encrypted ? password : null);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new TlsConfigException("the private key file " + file + (encrypted
                    ? " cannot be decrypted with the password given (or the key is damaged): "
                    : " holds a private key that cannot be read (PKCS#8, PKCS#1 and SEC1 are supported): ")
                    + e.getMessage(), e);
        }
    }

    /**
     * {@code pem} without the blank characters at its end, which would overflow the stack of Netty's reader
     * (see above) when it falls back from BouncyCastle's, as it does for a wrong password.
     */
    private static byte[] withoutTrailingBlanks(byte[] pem) {
        int end = pem.length;
        while (end > 0 && Character.isWhitespace(pem[end - 1])) {
            end--;
        }
        return end == pem.length ? pem : Arrays.copyOf(pem, end);
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

    /**
     * Netty's PEM key reader. SslContextBuilder calls it for its key arguments; Netty offers it to subclasses of
     * SslContext (protected static), which this class is only to reach it: it is never instantiated. It is called
     * here rather than through the builder because the configuration needs the key it returns, to check it
     * against the certificate at start.
     */
    private abstract static class NettyPem extends SslContext {
        static PrivateKey privateKey(InputStream in, String password) throws GeneralSecurityException, IOException {
            return toPrivateKey(in, password);
        }
    }
}
