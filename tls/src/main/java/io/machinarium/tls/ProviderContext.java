package io.machinarium.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** Builds the provider's TLS context (Netty's {@link SslContext}) of a {@link TlsConfig}, once, at its build. */
final class ProviderContext {
    private ProviderContext() {
    }

    /** {@return the provider {@code requested} resolves to here: never AUTO} */
    static TlsProvider resolve(TlsProvider requested) {
        return switch (requested) {
            case JDK -> TlsProvider.JDK;
            case OPENSSL -> {
                if (!OpenSsl.isAvailable()) {
                    throw new TlsConfigException("the OpenSSL provider was requested but netty-tcnative does not"
                            + " load on this machine: " + OpenSsl.unavailabilityCause(), OpenSsl.unavailabilityCause());
                }
                yield TlsProvider.OPENSSL;
            }
            case AUTO -> OpenSsl.isAvailable() ? TlsProvider.OPENSSL : TlsProvider.JDK;
        };
    }

    /**
     * Builds the context.
     *
     * @param c the configuration, its provider resolved
     * @param key this endpoint's private key, checked against {@code chain}; null for a client without one
     * @param chain this endpoint's certificate chain; empty for a client without one
     * @throws TlsConfigException if the provider refuses the options
     */
    static SslContext build(TlsConfig c, PrivateKey key, List<X509Certificate> chain) {
        boolean server = c.isServer();
        SslContextBuilder b;
        if (server) {
            b = SslContextBuilder.forServer(key, chain);
            b.clientAuth(c.verify() == TlsVerify.NONE ? ClientAuth.NONE : ClientAuth.REQUIRE);
        } else {
            b = SslContextBuilder.forClient();
            if (key != null) {
                b.keyManager(key, chain);
            }
            // Netty 4.2 checks host names by default; this project decides by TlsVerify.
            b.endpointIdentificationAlgorithm(c.verify() == TlsVerify.PEER_AND_HOSTNAME ? "HTTPS" : null);
        }
        trust(b, c);
        b.sslProvider(c.provider() == TlsProvider.OPENSSL ? SslProvider.OPENSSL : SslProvider.JDK);
        b.protocols(c.protocols());
        b.ciphers(c.ciphers(), SupportedCipherSuiteFilter.INSTANCE);
        if (!c.alpn().isEmpty()) {
            b.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, c.alpn()));
        }
        try {
            return b.build();
        } catch (SSLException | RuntimeException e) {
            throw new TlsConfigException("the TLS " + (server ? "server" : "client") + " context cannot be built"
                    + " with the " + c.provider() + " provider: " + e.getMessage(), e);
        }
    }

    private static void trust(SslContextBuilder b, TlsConfig c) {
        boolean ownCas = c.caFile() != null || c.caDirectory() != null;
        if (c.verify() == TlsVerify.NONE) {
            if (!c.isServer()) {
                b.trustManager(InsecureTrustManagerFactory.INSTANCE);
            }
        } else if (c.verify() == TlsVerify.PEER_AND_HOSTNAME) {
            TrustManagerFactory jdk = ownCas ? PemFiles.trust(c.caFile(), c.caDirectory()) : defaultTrust();
            b.trustManager(new HostNameTrustManager(extended(jdk)));
        } else if (ownCas) {
            b.trustManager(PemFiles.trust(c.caFile(), c.caDirectory()));
        }
    }

    /** The JDK's trust store, as the providers use it when given none. */
    private static TrustManagerFactory defaultTrust() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            return tmf;
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException("the JDK's trust store cannot be loaded: " + e.getMessage(), e);
        }
    }

    private static X509ExtendedTrustManager extended(TrustManagerFactory tmf) {
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new TlsConfigException("the trust manager factory " + tmf.getAlgorithm() + " makes no"
                + " X509ExtendedTrustManager, which host-name verification needs");
    }
}
