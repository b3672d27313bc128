package io.machinarium.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The trust manager of a client verifying {@link TlsVerify#PEER_AND_HOSTNAME}: the JDK's own, which checks the
 * chain and then, the engine's endpoint identification algorithm being "HTTPS", the server's name — with both
 * providers, since Netty's OpenSSL engine calls it too. This wrapper changes no decision; it only tells a failed
 * name check apart from a failed chain, which the JDK reports alike (a {@link CertificateException}), so that the
 * handshake failure says {@link TlsFailure#NAME_MISMATCH} by type ({@link NameMismatch}) rather than by the words
 * of a message. It does so only when the check has failed: if the chain alone passes and the name the engine was
 * made for does not match ({@link PeerNames}), the name was the reason.
 *
 * <p>Thread: any; the provider calls it on the thread running the handshake.
 */
final class HostNameTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager jdk;

    HostNameTrustManager(X509ExtendedTrustManager jdk) {
        this.jdk = jdk;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            jdk.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw nameMismatchOr(e, chain, authType, engine == null ? null : engine.getPeerHost());
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        jdk.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        jdk.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        jdk.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        jdk.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        jdk.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return jdk.getAcceptedIssuers();
    }

    private CertificateException nameMismatchOr(CertificateException failure, X509Certificate[] chain,
            String authType, String host) {
        if (host == null || chain == null || chain.length == 0) {
            return failure;
        }
        try {
            jdk.checkServerTrusted(chain, authType);  // the chain alone, without the engine's name check
        } catch (CertificateException chainFailure) {
            return failure;
        }
        return PeerNames.matches(chain[0], host) ? failure : new NameMismatch(failure);
    }

    /** The server's certificate does not name the host the client connected for; the cause is the JDK's report. */
    static final class NameMismatch extends CertificateException {
        private static final long serialVersionUID = 1L;

        NameMismatch(CertificateException jdk) {
            super(jdk.getMessage(), jdk);
        }
    }
}
