package io.machinarium.samples.proxy;

import io.machinarium.samples.HostPort;
import io.machinarium.tls.TlsConfig;
import java.time.Duration;
import java.util.List;

/**
 * Everything the proxy's command line decides, checked.
 *
 * @param listen where clients connect
 * @param backends where clients are relayed to; empty: an embedded echo backend is started
 * @param machines worker machines that relay connections (the acceptor has a machine of its own)
 * @param balance how a backend is picked
 * @param clientTls TLS towards clients (server side), or null for plain TCP
 * @param backendTls TLS towards backends (client side, verifying), or null for plain TCP
 * @param backendSni the name sent in SNI and checked in backend certificates; null: the backend's host
 * @param connectTimeout how long connecting (and the TLS handshake) to one backend may take
 * @param idleTimeout a connection with no bytes either way for this long is closed; zero: never
 * @param maxConns clients beyond this many open ones are closed at once
 * @param admin where the admin HTTP listener listens, or null for none
 * @param grace on SIGTERM/SIGINT, how long open connections may take to finish
 */
public record ProxySettings(HostPort listen, List<HostPort> backends, int machines, Balance balance,
                            TlsConfig clientTls, TlsConfig backendTls, String backendSni, Duration connectTimeout,
                            Duration idleTimeout, int maxConns, HostPort admin, Duration grace) {
    /** Copies the backend list. */
    public ProxySettings {
        backends = List.copyOf(backends);
    }

    /**
     * The same settings with other backends (the embedded echo backend's address, once it listens).
     *
     * @param list the backends
     * @return a copy
     */
    public ProxySettings withBackends(List<HostPort> list) {
        return new ProxySettings(listen, list, machines, balance, clientTls, backendTls, backendSni, connectTimeout,
                idleTimeout, maxConns, admin, grace);
    }
}
