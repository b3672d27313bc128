package io.machinarium.tls;

import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * An immutable TLS configuration, client or server (machinarium's {@code machine_tls_t}). Building it
 * reads the certificate, key and CA files, checks that the key belongs to the certificate, and builds the
 * provider's TLS context once; every {@link Tls#upgrade upgrade} with this object reuses that context, so
 * keep one configuration per endpoint rather than one per connection. A server configuration logs the
 * handshakes it fails (a few a minute at most, with a count of the rest), since the failing side alone sees
 * why; the coroutine that called {@link Tls#upgrade} gets the exception as well.
 *
 * <pre>{@code
 * TlsConfig server = TlsConfig.server(Path.of("server.pem"), Path.of("server.key")).build();
 * TlsConfig client = TlsConfig.client().caFile(Path.of("ca.pem")).serverName("db.example.com")
 *         .verify(TlsVerify.PEER_AND_HOSTNAME).alpn("postgresql").build();
 * }</pre>
 *
 * <p>Defaults: TLS 1.2 and 1.3 (nothing older can be enabled), forward-secret AEAD cipher suites only
 * ({@link #DEFAULT_CIPHERS}),
 * {@link TlsProvider#AUTO}; clients verify {@link TlsVerify#PEER_AND_HOSTNAME}, servers
 * {@link TlsVerify#NONE} (no client certificate asked for).
 *
 * <p>Thread safety: immutable; share it between machines freely.
 *
 * @since 0.1.0
 */
public final class TlsConfig {
    private static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

    /**
     * The cipher suites enabled unless {@link Builder#ciphers} says otherwise, on both providers:
     * forward-secret AEAD suites only — the TLS 1.3 suites, and for TLS 1.2 ECDHE with AES-GCM or
     * ChaCha20-Poly1305. No RSA key exchange (no forward secrecy), no CBC. Java (IANA) names.
     */
    public static final List<String> DEFAULT_CIPHERS = CipherSuites.DEFAULTS;

    private final boolean server;
    private final TlsVerify verify;
    private final String serverName;
    private final List<String> alpn;
    private final Path caFile;
    private final Path caDirectory;
    private final Path certificateFile;
    private final Path keyFile;
    private final List<String> protocols;
    private final List<String> ciphers;
    private final TlsProvider provider;
    private final List<X509Certificate> certificateChain;
    private final SslContext context;
    private final HandshakeFailureLog failureLog;

    private TlsConfig(Builder b) {
        server = b.server;
        verify = b.verify != null ? b.verify : server ? TlsVerify.NONE : TlsVerify.PEER_AND_HOSTNAME;
        serverName = b.serverName;
        alpn = b.alpn;
        caFile = b.caFile;
        caDirectory = b.caDirectory;
        certificateFile = b.certificateFile;
        keyFile = b.keyFile;
        protocols = b.protocols;
        ciphers = b.ciphers != null ? b.ciphers : DEFAULT_CIPHERS;
        if (server && verify == TlsVerify.PEER_AND_HOSTNAME) {
            throw new TlsConfigException("a server cannot check its client's host name: verify PEER, then"
                    + " TlsSession.verifyPeerName(name) after the handshake");
        }
        if (server && certificateFile == null) {
            throw new TlsConfigException("a TLS server needs a certificate and a private key");
        }
        provider = ProviderContext.resolve(b.provider);
        certificateChain = certificateFile == null ? List.of() : PemFiles.certificates(certificateFile);
        PrivateKey key = certificateFile == null ? null : CertificateKeyCheck.matching(
                PemFiles.privateKey(keyFile, b.keyPassword), certificateChain.get(0), keyFile, certificateFile);
        context = ProviderContext.build(this, key, certificateChain);
        failureLog = server ? new HandshakeFailureLog(b.clock) : null;
    }

    /**
     * Starts a client configuration.
     *
     * @return a builder with client defaults (verify peer and host name against the JDK's trust store)
     */
    public static Builder client() {
        return new Builder(false);
    }

    /**
     * Starts a server configuration.
     *
     * @param certificateFile the server's certificate chain, PEM, leaf first
     * @param keyFile its private key, PEM, unencrypted: PKCS#8, PKCS#1 (RSA) or SEC1 (EC)
     * @return a builder with server defaults (no client certificate asked for)
     */
    public static Builder server(Path certificateFile, Path keyFile) {
        return new Builder(true).certificate(certificateFile, keyFile);
    }

    /**
     * Starts a server configuration whose private key is encrypted.
     *
     * @param certificateFile the server's certificate chain, PEM, leaf first
     * @param keyFile its private key, PEM, encrypted with {@code keyPassword} (see
     *     {@link Builder#certificate(Path, Path, String)})
     * @param keyPassword the key's password
     * @return a builder with server defaults (no client certificate asked for)
     */
    public static Builder server(Path certificateFile, Path keyFile, String keyPassword) {
        return new Builder(true).certificate(certificateFile, keyFile, keyPassword);
    }

    /** {@return true for a server configuration, false for a client one} */
    public boolean isServer() {
        return server;
    }

    /** {@return what the handshake checks of the peer} */
    public TlsVerify verify() {
        return verify;
    }

    /** {@return the server name a client sends (SNI) and checks the certificate against; null if none} */
    public String serverName() {
        return serverName;
    }

    /** {@return the ALPN protocols offered (client) or accepted (server), in preference order; may be empty} */
    public List<String> alpn() {
        return alpn;
    }

    /** {@return the CA file, or null} */
    public Path caFile() {
        return caFile;
    }

    /** {@return the CA directory, or null} */
    public Path caDirectory() {
        return caDirectory;
    }

    /** {@return the certificate chain file, or null (a client without a certificate)} */
    public Path certificateFile() {
        return certificateFile;
    }

    /** {@return the private key file, or null} */
    public Path keyFile() {
        return keyFile;
    }

    /** {@return the enabled protocol versions} */
    public List<String> protocols() {
        return protocols;
    }

    /**
     * {@return the cipher suites asked for: those given to {@link Builder#ciphers}, else {@link #DEFAULT_CIPHERS};
     * the provider enables those of them it knows}
     */
    public List<String> ciphers() {
        return ciphers;
    }

    /** {@return the provider in use: {@link TlsProvider#OPENSSL} or {@link TlsProvider#JDK}, never AUTO} */
    public TlsProvider provider() {
        return provider;
    }

    /** {@return this endpoint's own certificate chain, leaf first; empty if it has none} */
    public List<X509Certificate> certificateChain() {
        return certificateChain;
    }

    /** The provider context, built once with this configuration. */
    SslContext context() {
        return context;
    }

    /** Where a server's failed handshakes are logged; null for a client. */
    HandshakeFailureLog failureLog() {
        return failureLog;
    }

    @Override
    public String toString() {
        return "TlsConfig[" + (server ? "server" : "client") + ", verify " + verify + ", " + provider + ", "
                + protocols + (serverName != null ? ", server name " + serverName : "")
                + (alpn.isEmpty() ? "" : ", alpn " + alpn) + "]";
    }

    /**
     * Collects the options of a {@link TlsConfig}; not thread-safe, use it from one thread.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final boolean server;
        private TlsVerify verify;
        private String serverName;
        private List<String> alpn = List.of();
        private Path caFile;
        private Path caDirectory;
        private Path certificateFile;
        private Path keyFile;
        private String keyPassword;
        private LongSupplier clock = System::nanoTime;
        private List<String> protocols = List.of("TLSv1.3", "TLSv1.2");
        private List<String> ciphers;
        private TlsProvider provider = TlsProvider.AUTO;

        private Builder(boolean server) {
            this.server = server;
        }

        /**
         * Sets what the handshake checks of the peer.
         *
         * @param v the level; {@link TlsVerify#PEER_AND_HOSTNAME} is for clients only
         * @return this builder
         */
        public Builder verify(TlsVerify v) {
            verify = Objects.requireNonNull(v, "verify");
            return this;
        }

        /**
         * Sets the server name a client sends in SNI and, with {@link TlsVerify#PEER_AND_HOSTNAME}, expects in
         * the server's certificate. {@link Tls#upgrade(io.machinarium.net.IoContext, TlsConfig, String,
         * java.time.Duration)} can override it per connection.
         *
         * @param name a host name or IP address literal (an address is checked but not sent as SNI)
         * @return this builder
         */
        public Builder serverName(String name) {
            serverName = name;
            return this;
        }

        /**
         * Sets the ALPN protocols: offered by a client, accepted by a server, in preference order.
         *
         * @param protocols e.g. "h2", "http/1.1"
         * @return this builder
         */
        public Builder alpn(String... protocols) {
            alpn = List.of(protocols);
            return this;
        }

        /**
         * Trusts the CA certificates of a PEM file (one or more certificates).
         *
         * @param file the file
         * @return this builder
         */
        public Builder caFile(Path file) {
            caFile = file;
            return this;
        }

        /**
         * Trusts every PEM certificate found in a directory's files (an OpenSSL {@code -CApath}
         * directory works); files that hold no certificate are skipped.
         *
         * @param directory the directory
         * @return this builder
         */
        public Builder caDirectory(Path directory) {
            caDirectory = directory;
            return this;
        }

        /**
         * Sets this endpoint's certificate and key: a server's, or a client's for mutual TLS.
         * {@link #build()} refuses a key that does not belong to the certificate.
         *
         * @param certificateFile the chain, PEM, leaf first
         * @param keyFile the private key, PEM, unencrypted: PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1
         *     ({@code BEGIN RSA PRIVATE KEY}) or SEC1 ({@code BEGIN EC PRIVATE KEY}); for an encrypted one see
         *     {@link #certificate(Path, Path, String)}
         * @return this builder
         */
        public Builder certificate(Path certificateFile, Path keyFile) {
            return certificate(certificateFile, keyFile, null);
        }

        /**
         * Sets this endpoint's certificate and its encrypted key: a server's, or a client's for mutual TLS.
         * The password is used while {@link #build()} reads the key and is not kept in the configuration.
         *
         * @param certificateFile the chain, PEM, leaf first
         * @param keyFile the private key, PEM: encrypted PKCS#8 ({@code BEGIN ENCRYPTED PRIVATE KEY}, as
         *     {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} writes it) or OpenSSL's traditional encrypted form
         *     ({@code Proc-Type: 4,ENCRYPTED}); an unencrypted key is read as well, and the password ignored
         * @param keyPassword the key's password; null for an unencrypted key
         * @return this builder
         */
        public Builder certificate(Path certificateFile, Path keyFile, String keyPassword) {
            this.certificateFile = Objects.requireNonNull(certificateFile, "certificateFile");
            this.keyFile = Objects.requireNonNull(keyFile, "keyFile");
            this.keyPassword = keyPassword;
            return this;
        }

        /**
         * Sets the protocol versions.
         *
         * @param versions "TLSv1.2" and/or "TLSv1.3"
         * @return this builder
         * @throws TlsConfigException for any other version (older ones are insecure)
         */
        public Builder protocols(String... versions) {
            for (String v : versions) {
                if (!PROTOCOLS.contains(v)) {
                    throw new TlsConfigException("protocol version '" + v + "' is not supported: use TLSv1.2 or TLSv1.3");
                }
            }
            if (versions.length == 0) {
                throw new TlsConfigException("at least one protocol version is needed");
            }
            protocols = List.of(versions);
            return this;
        }

        /**
         * Sets the cipher suites instead of {@link TlsConfig#DEFAULT_CIPHERS} (Java names, e.g.
         * TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256); suites the provider does not know are dropped. This is
         * also how to enable a suite the defaults leave out, for an old peer.
         *
         * @param suites the suites
         * @return this builder
         */
        public Builder ciphers(String... suites) {
            ciphers = List.of(suites);
            return this;
        }

        /**
         * Chooses the TLS implementation.
         *
         * @param p the provider
         * @return this builder
         */
        public Builder provider(TlsProvider p) {
            provider = Objects.requireNonNull(p, "provider");
            return this;
        }

        /** For the tests of the failure log's rate: the clock it reads, in nanoseconds. */
        Builder failureLogClock(LongSupplier nanos) {
            clock = Objects.requireNonNull(nanos, "nanos");
            return this;
        }

        /**
         * Reads the files and builds the provider context. Reads files: call it at start-up, or from a
         * coroutine through {@link io.machinarium.core.Offload}.
         *
         * @return the configuration
         * @throws TlsConfigException if a file cannot be read, is not a regular file or holds more than 1 MiB,
         *     if the key is encrypted and the password is missing or wrong, if the key does not belong to the
         *     certificate, or if the provider refuses the options
         */
        public TlsConfig build() {
            return new TlsConfig(this);
        }
    }
}
