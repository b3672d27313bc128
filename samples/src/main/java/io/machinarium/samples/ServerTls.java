package io.machinarium.samples;

import io.machinarium.tls.TlsConfig;
import io.machinarium.tls.TlsConfigException;

/**
 * The {@code --tls-cert F --tls-key F} options a server sample shares: TLS towards its clients.
 */
public final class ServerTls {
    private ServerTls() {
    }

    /**
     * Declares {@code --tls-cert} and {@code --tls-key}.
     *
     * @param options the sample's options
     * @return the same options
     */
    public static Options declare(Options options) {
        return options.value("tls-cert", null, "serve TLS with this certificate chain (PEM); needs --tls-key")
                .value("tls-key", null, "the private key of --tls-cert (PEM, unencrypted)");
    }

    /**
     * Builds the server TLS configuration the options ask for. Reads the files (call it at start-up).
     *
     * @param options parsed options that {@link #declare} declared
     * @return the configuration, or null if TLS was not asked for
     * @throws Options.BadOptionException if only one of the two options is given, or a file is unusable
     */
    public static TlsConfig fromOptions(Options options) {
        String cert = options.string("tls-cert");
        String key = options.string("tls-key");
        if (cert == null && key == null) {
            return null;
        }
        if (cert == null || key == null) {
            throw options.bad("--tls-cert and --tls-key go together");
        }
        try {
            return TlsConfig.server(options.path("tls-cert"), options.path("tls-key")).build();
        } catch (TlsConfigException e) {
            throw options.bad(e.getMessage());
        }
    }
}
