package io.machinarium.samples.pooler;

import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.StringPreparation;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The password secrets the pooler keeps and checks: SCRAM-SHA-256 secrets as PostgreSQL stores them (the
 * arithmetic is the SCRAM library's {@link ScramFunctions}), and PostgreSQL's md5 passwords (md5 is the JDK's;
 * the SCRAM library has no md5). Stateless; any thread.
 */
final class Scram {
    static final ScramMechanism MECHANISM = ScramMechanism.SCRAM_SHA_256;
    static final int DEFAULT_ITERATIONS = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * A SCRAM secret as PostgreSQL stores it: {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}.
     *
     * @param iterations the PBKDF2 iteration count
     * @param salt the salt
     * @param storedKey {@code H(ClientKey)}
     * @param serverKey {@code HMAC(SaltedPassword, "Server Key")}
     */
    record Secret(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {
        /** Derives the secret of a password with a fresh salt, as PostgreSQL does for a new password. */
        static Secret of(String password) {
            byte[] salt = ScramFunctions.salt(16, RANDOM);
            byte[] salted = ScramFunctions.saltedPassword(MECHANISM, StringPreparation.POSTGRESQL_PREPARATION,
                    password.toCharArray(), salt, DEFAULT_ITERATIONS);
            return new Secret(DEFAULT_ITERATIONS, salt, ScramFunctions.storedKey(MECHANISM,
                    ScramFunctions.clientKey(MECHANISM, salted)), ScramFunctions.serverKey(MECHANISM, salted));
        }

        /**
         * Parses PostgreSQL's text form.
         *
         * @param text a {@code pg_authid.rolpassword} value
         * @return the secret, or null if the text is not one
         */
        static Secret parse(String text) {
            if (!text.startsWith(MECHANISM.getName() + "$")) {
                return null;
            }
            try {
                String[] parts = text.substring(MECHANISM.getName().length() + 1).split("\\$");
                String[] head = parts[0].split(":");
                String[] keys = parts[1].split(":");
                Base64.Decoder d = Base64.getDecoder();
                Secret s = new Secret(Integer.parseInt(head[0]), d.decode(head[1]), d.decode(keys[0]), d.decode(keys[1]));
                return s.iterations > 0 && s.storedKey.length == 32 && s.serverKey.length == 32 ? s : null;
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    private Scram() {
    }

    /** {@return a fresh printable nonce (base64 of 18 random bytes: no comma)} */
    static String nonce() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    /**
     * @param message a SCRAM message ({@code r=...,s=...})
     * @param name the attribute
     * @return its value, or null
     */
    static String attribute(String message, char name) {
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=') {
                return part.substring(2);
            }
        }
        return null;
    }

    /** {@return PostgreSQL's md5 password hash: {@code "md5" + md5hex(password + user)}} */
    static String md5Secret(String password, String user) {
        return "md5" + md5Hex((password + user).getBytes(StandardCharsets.UTF_8));
    }

    /** {@return the answer to an md5 challenge, from the stored hash: {@code "md5" + md5hex(hash-hex + salt)}} */
    static String md5Answer(String md5Secret, byte[] salt) {
        byte[] hex = md5Secret.substring(3).getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[hex.length + salt.length];
        System.arraycopy(hex, 0, all, 0, hex.length);
        System.arraycopy(salt, 0, all, hex.length, salt.length);
        return "md5" + md5Hex(all);
    }

    private static String md5Hex(byte[] data) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(data);
            StringBuilder b = new StringBuilder(32);
            for (byte x : d) {
                b.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
            }
            return b.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is missing from this JDK", e);
        }
    }

    /** {@return four random bytes: an md5 challenge's salt} */
    static byte[] salt4() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return b;
    }
}
