package io.machinarium.samples.proxy;

import io.machinarium.core.IoFailedException;
import io.machinarium.core.MachinariumException;
import io.machinarium.core.TimedOutException;
import io.machinarium.net.IoContext;
import io.machinarium.net.IoOptions;
import io.machinarium.tls.Tls;
import io.machinarium.tls.TlsHandshakeException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client's life in the proxy, on a worker machine: the TLS handshake (if the proxy terminates TLS),
 * a connection to the first backend that answers (those that refuse or time out are marked down and
 * skipped), optionally TLS towards it, then the relay. Thread safety: one instance serves every client;
 * {@link #serve} runs in each client's own coroutine, {@link #relays} on any thread.
 */
final class ClientSession {
    /** How long a client may take for its TLS handshake. */
    private static final Duration CLIENT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private final ProxySettings settings;
    private final Backends backends;
    private final ProxyMetrics metrics;
    private final Set<Relay> running = ConcurrentHashMap.newKeySet();

    ClientSession(ProxySettings settings, Backends backends, ProxyMetrics metrics) {
        this.settings = settings;
        this.backends = backends;
        this.metrics = metrics;
    }

    /**
     * Serves one client until the relay ends. Blocks the calling coroutine.
     *
     * @param client the client's connection, attached to the calling machine; the caller closes it
     * @throws io.machinarium.core.CancelledException if the coroutine is cancelled (the proxy stops)
     */
    void serve(IoContext client) {
        if (settings.clientTls() != null) {
            try {
                Tls.upgrade(client, settings.clientTls(), CLIENT_HANDSHAKE_TIMEOUT);
            } catch (TlsHandshakeException | TimedOutException e) {
                metrics.error("client_tls");
                return;
            }
        }
        for (Backend b : backends.order()) {
            IoContext io = connect(b);
            if (io != null) {
                b.opened();
                Relay relay = new Relay(client, io, settings.idleTimeout(), metrics);
                running.add(relay);
                try (io) {
                    relay.run();
                } finally {
                    running.remove(relay);
                    b.closed();
                }
                return;
            }
        }
        metrics.error("no_backend");
    }

    /**
     * The relays running now (for diagnosis and tests).
     *
     * @return a snapshot
     */
    List<Relay> relays() {
        return List.copyOf(running);
    }

    /** Connects to one backend (and runs TLS with it); on failure counts it, marks it down, returns null. */
    private IoContext connect(Backend b) {
        IoContext io;
        try {
            io = IoContext.connect(b.address().host(), b.address().port(), settings.connectTimeout(),
                    IoOptions.defaults());
        } catch (TimedOutException e) {
            return failed(b, "backend_timeout");
        } catch (IoFailedException e) {
            return failed(b, refused(e) ? "backend_refused" : "backend_unreachable");
        }
        if (settings.backendTls() != null) {
            String name = settings.backendSni() != null ? settings.backendSni() : b.address().host();
            try {
                Tls.upgrade(io, settings.backendTls(), name, settings.connectTimeout());
            } catch (TlsHandshakeException | TimedOutException e) {
                return failed(b, "backend_tls");  // the upgrade has closed the connection
            } catch (MachinariumException e) {
                io.close();
                throw e;
            }
        }
        backends.succeeded(b);
        return io;
    }

    private IoContext failed(Backend b, String kind) {
        metrics.error(kind);
        backends.failed(b);
        return null;
    }

    private static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}
