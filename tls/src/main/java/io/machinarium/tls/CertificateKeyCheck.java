package io.machinarium.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.util.Locale;

/**
 * Checks at start that a private key belongs to the certificate it is configured with. Neither provider does:
 * the JDK stores any pair, and BoringSSL compares them only inside each handshake, which then fails with an
 * internal-error alert while the server has nothing to say why. Here the key signs a random challenge and the
 * certificate's public key must verify it — one test for every key type that can sign, with no arithmetic of
 * our own.
 */
final class CertificateKeyCheck {
    private static final SecureRandom RANDOM = new SecureRandom();

    private CertificateKeyCheck() {
    }

    /**
     * Returns {@code key} as a key of the JDK's own providers, once it is known to belong to {@code leaf}.
     * The readers may return keys of BouncyCastle's classes, which the JDK's signatures do not all accept
     * (its EC signatures want the algorithm named "EC", BouncyCastle names it "ECDSA"); the key's standard
     * PKCS#8 encoding, read back with the certificate's algorithm, gives the same key in the JDK's classes.
     *
     * @throws TlsConfigException if the key is of another algorithm than the certificate's, or signs what the
     *     certificate's public key does not verify
     */
    static PrivateKey matching(PrivateKey key, X509Certificate leaf, Path keyFile, Path certificateFile) {
        PublicKey publicKey = leaf.getPublicKey();
        String algorithm = publicKey.getAlgorithm();
        PrivateKey jdkKey;
        try {
            jdkKey = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw mismatch(keyFile, certificateFile, "the key's algorithm is " + key.getAlgorithm()
                    + ", the certificate's " + algorithm);
        }
        Signature signer = signature(algorithm);
        if (signer == null) {
            return jdkKey;  // a key that cannot sign (X25519, say) cannot authenticate TLS anyway: the provider says so
        }
        byte[] challenge = new byte[32];
        RANDOM.nextBytes(challenge);
        try {
            signer.initSign(jdkKey);
            signer.update(challenge);
            byte[] signed = signer.sign();
            Signature verifier = signature(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            if (!verifier.verify(signed)) {
                throw mismatch(keyFile, certificateFile, "what the key signs, the certificate's public key does"
                        + " not verify");
            }
        } catch (GeneralSecurityException e) {
            throw mismatch(keyFile, certificateFile, "the key cannot sign for the certificate: " + e.getMessage());
        }
        return jdkKey;
    }

    /** A signature for the algorithm of a certificate's key; null for a key that cannot sign. */
    private static Signature signature(String keyAlgorithm) {
        try {
            return switch (keyAlgorithm.toUpperCase(Locale.ROOT)) {
                case "RSA" -> Signature.getInstance("SHA256withRSA");
                case "EC" -> Signature.getInstance("SHA256withECDSA");
                case "DSA" -> Signature.getInstance("SHA256withDSA");
                case "RSASSA-PSS" -> {
                    Signature s = Signature.getInstance("RSASSA-PSS");
                    s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32,
                            PSSParameterSpec.TRAILER_FIELD_BC));
                    yield s;
                }
                case "EDDSA", "ED25519", "ED448" -> Signature.getInstance(keyAlgorithm);
                default -> null;
            };
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    private static TlsConfigException mismatch(Path keyFile, Path certificateFile, String why) {
        return new TlsConfigException("the private key in " + keyFile + " does not belong to the certificate in "
                + certificateFile + " (" + why + "): every handshake would fail; configure the key the certificate"
                + " was issued for");
    }
}
