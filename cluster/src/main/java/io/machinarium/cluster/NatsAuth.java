package io.machinarium.cluster;

import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * How a node proves itself to the NATS servers and protects the link: one of user and password, token,
 * credentials file or nkey seed, and TLS (a context made from PEM files, or given). Each piece is checked
 * when it is set, so that a bad file or seed fails the builder call with one sentence, not the join.
 * Filled by {@link ClusterConfig.Builder}, copied into the {@link ClusterConfig} it builds; read by the
 * NATS link. {@link #toString()} names the kinds in use, never a secret.
 */
final class NatsAuth {
    String user;
    char[] password;
    char[] token;
    Path credentials;
    char[] nkeySeed;
    SSLContext sslContext;

    NatsAuth copy() {
        NatsAuth c = new NatsAuth();
        c.user = user;
        c.password = password;
        c.token = token;
        c.credentials = credentials;
        c.nkeySeed = nkeySeed;
        c.sslContext = sslContext;
        return c;
    }

    static Path readable(Path file) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("the NATS credentials file " + file + " cannot be read");
        }
        return file;
    }

    static char[] userSeed(String seed) {
        if (seed == null || !seed.startsWith("SU")) {
            throw new IllegalArgumentException("an nkey seed of a user starts with SU");
        }
        return seed.toCharArray();
    }

    /** A JDK TLS client context (TLS 1.3 and 1.2) trusting {@code caFile}, with a client certificate if given. */
    static SSLContext tlsFromPem(Path caFile, Path certificateFile, Path keyFile) {
        try {
            SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                    .trustManager(caFile.toFile()).protocols("TLSv1.3", "TLSv1.2");
            if (certificateFile != null) {
                b.keyManager(certificateFile.toFile(), keyFile.toFile());
            }
            SslContext ctx = b.build();
            return ((JdkSslContext) ctx).context();
        } catch (SSLException | RuntimeException e) {
            throw new IllegalArgumentException("the NATS TLS files cannot be used: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return (sslContext != null ? ", TLS" : "") + (user != null ? ", user " + user : token != null ? ", token"
                : credentials != null ? ", credentials" : nkeySeed != null ? ", nkey" : "");
    }
}
