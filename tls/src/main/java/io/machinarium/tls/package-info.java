/**
 * TLS for IO contexts: upgrade any connection in place, as client or server, with OpenSSL (BoringSSL
 * through netty-tcnative) or the JDK.
 *
 * <p>{@link io.machinarium.tls.TlsConfig} holds the options and the provider context, built once;
 * {@link io.machinarium.tls.Tls#upgrade Tls.upgrade} runs the handshake on an existing
 * {@link io.machinarium.net.IoContext} from its coroutine — also after plaintext was exchanged
 * (STARTTLS, PostgreSQL's SSLRequest) and when the peer's first TLS bytes already sit in the readahead
 * buffer — and returns a {@link io.machinarium.tls.TlsSession} with the peer's certificates, the
 * negotiated protocol, cipher and ALPN protocol, and the tls-server-end-point channel binding. Failed
 * handshakes throw {@link io.machinarium.tls.TlsHandshakeException} naming a
 * {@link io.machinarium.tls.TlsFailure}, and a server logs them (rate-limited).
 *
 * <p>Keys and certificates are PEM files read by Netty (keys in PKCS#8, PKCS#1 or SEC1, encrypted ones with
 * their password); host names are checked by the JDK's HTTPS endpoint identification. Mistakes in the files —
 * a missing password, a key that does not belong to its certificate — fail
 * {@link io.machinarium.tls.TlsConfig.Builder#build()} rather than every handshake.
 *
 * <pre>{@code
 * try (IoContext io = IoContext.connect(new InetSocketAddress("db", 5432), timeout)) {
 *     io.write(SSL_REQUEST);
 *     if (io.readBytes(1, timeout)[0] == 'S') {
 *         TlsSession s = Tls.upgrade(io, clientConfig, timeout);   // io now reads and writes plaintext over TLS
 *     }
 * }
 * }</pre>
 *
 * <p>Mechanism → file. Configuration: {@code TlsConfig}, {@code TlsVerify}, {@code TlsProvider},
 * {@code CipherSuites} (the defaults), {@code PemFiles} (certificates, keys, CA files and directories),
 * {@code CertificateKeyCheck} (a key that belongs to its certificate), {@code ProviderContext} (the provider's
 * context, built once), {@code TlsConfigException}. The upgrade: {@code Tls}, {@code TlsLayer} (TLS as a stream
 * layer), {@code UnreadReplyLimit} (what a peer that does not read can make this side hold),
 * {@code RenegotiationGuard}, {@code PeerCloseGuard} (the peer's close_notify), {@code TlsSession}. Peer
 * names: {@code HostNameTrustManager}, {@code PeerNames} with {@code NameProbe}, {@code TlsPeerNameException}.
 * Failures: {@code TlsHandshakeException}, {@code TlsFailure}, {@code TlsErrors} and {@code ProviderErrors}
 * (a provider's exception read into a failure), {@code TlsAlert}, {@code HandshakeFailureLog} (a server's
 * rate-limited log).
 */
package io.machinarium.tls;
