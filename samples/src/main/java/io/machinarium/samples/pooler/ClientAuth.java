package io.machinarium.samples.pooler;

import com.ongres.scram.common.ScramFunctions;
import io.machinarium.net.IoContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;

/**
 * The pooler authenticating a client against the users file, as a PostgreSQL server would: md5 for users
 * whose entry is an md5 hash, SCRAM-SHA-256 (without channel binding) for the others. The SCRAM server side
 * is written here on the SCRAM library's {@link ScramFunctions} (the library has a client but no server):
 * the nonce and salt exchange, the proof check ({@code H(ClientProof xor ClientSignature) == StoredKey}) and
 * the server's signature. A client that proves its password this way also teaches the pooler its ClientKey,
 * which lets the pooler log in to the server as that user when the file holds only the SCRAM secret.
 */
final class ClientAuth {
    private static final int MAX_AUTH_MESSAGE = 8 * 1024;

    private ClientAuth() {
    }

    /**
     * Authenticates a client. Blocks the calling coroutine. Does not send {@code AuthenticationOk} (the
     * welcome does).
     *
     * @param client the client's connection
     * @param users the users file
     * @param name the user the client logs in as
     * @param timeout how long the exchange may take
     * @return the user's entry
     * @throws PoolerException ({@code 28P01}) if the user is unknown or the password wrong
     * @throws ProtocolException if the client's answers are malformed
     */
    static UserList.User authenticate(IoContext client, UserList users, String name, Duration timeout) {
        UserList.User user = users.user(name);
        if (user == null) {
            // Ask for a password anyway, so that a client cannot tell unknown users from wrong passwords.
            client.write(Wire.authRequest(Wire.AUTH_MD5, Scram.salt4()));
            readPassword(client, timeout);
            throw failed(name);
        }
        if (user.scram() == null) {
            md5(client, user, timeout);
        } else {
            scram(client, user, timeout);
        }
        return user;
    }

    private static void md5(IoContext client, UserList.User user, Duration timeout) {
        byte[] salt = Scram.salt4();
        client.write(Wire.authRequest(Wire.AUTH_MD5, salt));
        byte[] body = readPassword(client, timeout);
        String got = new String(body, 0, Math.max(0, body.length - 1), StandardCharsets.UTF_8);
        String want = Scram.md5Answer(user.md5(), salt);
        if (!MessageDigest.isEqual(got.getBytes(StandardCharsets.UTF_8), want.getBytes(StandardCharsets.UTF_8))) {
            throw failed(user.name());
        }
    }

    private static void scram(IoContext client, UserList.User user, Duration timeout) {
        Scram.Secret secret = user.scram();
        byte[] mechanisms = (Scram.MECHANISM.getName() + "\0\0").getBytes(StandardCharsets.US_ASCII);
        client.write(Wire.authRequest(Wire.AUTH_SASL, mechanisms));
        byte[] initial = readPassword(client, timeout);
        int nul = Frame.indexOf(initial, 0);
        if (nul < 0 || initial.length < nul + 5) {
            throw new ProtocolException("malformed SASLInitialResponse");
        }
        String mechanism = new String(initial, 0, nul, StandardCharsets.US_ASCII);
        if (!mechanism.equals(Scram.MECHANISM.getName())) {
            throw new PoolerException(Wire.PROTOCOL_VIOLATION, "client_auth", "SASL mechanism " + mechanism
                    + " was not offered");
        }
        String first = new String(initial, nul + 5, initial.length - nul - 5, StandardCharsets.UTF_8);
        if (!first.startsWith("n,") && !first.startsWith("y,")) {
            throw new PoolerException(Wire.PROTOCOL_VIOLATION, "client_auth", "channel binding was not offered");
        }
        int bareAt = first.indexOf(',', 2) + 1;
        String bare = first.substring(bareAt);
        String clientNonce = Scram.attribute(bare, 'r');
        if (bareAt == 0 || clientNonce == null || clientNonce.isEmpty()) {
            throw new ProtocolException("malformed SCRAM client-first-message");
        }
        String serverFirst = "r=" + clientNonce + Scram.nonce() + ",s="
                + Base64.getEncoder().encodeToString(secret.salt()) + ",i=" + secret.iterations();
        client.write(Wire.authRequest(Wire.AUTH_SASL_CONTINUE, serverFirst.getBytes(StandardCharsets.UTF_8)));
        String fin = new String(readPassword(client, timeout), StandardCharsets.UTF_8);
        int proofAt = fin.lastIndexOf(",p=");
        if (proofAt < 0 || !serverFirst.substring(2, serverFirst.indexOf(',')).equals(Scram.attribute(fin, 'r'))) {
            throw new ProtocolException("malformed SCRAM client-final-message");
        }
        String gs2 = first.substring(0, bareAt);
        String binding = Base64.getEncoder().encodeToString(gs2.getBytes(StandardCharsets.UTF_8));
        if (!binding.equals(Scram.attribute(fin, 'c'))) {
            throw failed(user.name());
        }
        String authMessage = bare + "," + serverFirst + "," + fin.substring(0, proofAt);
        byte[] proof;
        try {
            proof = Base64.getDecoder().decode(fin.substring(proofAt + 3));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("malformed SCRAM proof");
        }
        byte[] signature = ScramFunctions.clientSignature(Scram.MECHANISM, secret.storedKey(), authMessage);
        if (proof.length != signature.length) {
            throw failed(user.name());
        }
        byte[] clientKey = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) {
            clientKey[i] = (byte) (proof[i] ^ signature[i]);
        }
        if (!MessageDigest.isEqual(ScramFunctions.hash(Scram.MECHANISM, clientKey), secret.storedKey())) {
            throw failed(user.name());
        }
        user.learned().set(clientKey);
        String verifier = "v=" + Base64.getEncoder().encodeToString(
                ScramFunctions.serverSignature(Scram.MECHANISM, secret.serverKey(), authMessage));
        client.write(Wire.authRequest(Wire.AUTH_SASL_FINAL, verifier.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] readPassword(IoContext client, Duration timeout) {
        Frame f = Frame.read(client, timeout, MAX_AUTH_MESSAGE);
        if (f.type() != 'p') {
            throw new ProtocolException("expected a password message, got '" + Frame.printable(f.type()) + "'");
        }
        return Arrays.copyOf(f.body(), f.body().length);
    }

    private static PoolerException failed(String user) {
        return new PoolerException(Wire.INVALID_PASSWORD, "client_auth", "password authentication failed for user \""
                + user + "\"");
    }
}
