package io.machinarium.samples.proxy;

import io.machinarium.net.server.Server;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The proxy's counters, and their rendering in the Prometheus text format for {@code GET /metrics}.
 * Thread safety: any thread; counters are {@link LongAdder}s, cheap to bump from every worker.
 */
final class ProxyMetrics {
    /** Error kinds shown even before they happen, so that a dashboard sees zeros, not gaps. */
    static final String[] KINDS = {"backend_refused", "backend_timeout", "backend_unreachable", "backend_tls",
        "no_backend", "client_tls", "max_conns", "idle_timeout", "relay_io"};

    private final LongAdder clientToBackend = new LongAdder();
    private final LongAdder backendToClient = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    ProxyMetrics() {
        for (String k : KINDS) {
            errors.put(k, new LongAdder());
        }
    }

    /** @return bytes relayed from clients to backends so far */
    LongAdder clientToBackend() {
        return clientToBackend;
    }

    /** @return bytes relayed from backends to clients so far */
    LongAdder backendToClient() {
        return backendToClient;
    }

    /**
     * Counts an error.
     *
     * @param kind one of {@link #KINDS} (others are added as they come)
     */
    void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /**
     * @param kind an error kind
     * @return how often it happened
     */
    long errors(String kind) {
        LongAdder a = errors.get(kind);
        return a == null ? 0 : a.sum();
    }

    /**
     * Renders every metric in the Prometheus text exposition format (version 0.0.4).
     *
     * @param clients the server of client connections (null while it starts: its counts are zero)
     * @param backends the backends, for their state
     * @return the text
     */
    String render(Server clients, Backends backends) {
        StringBuilder b = new StringBuilder();
        metric(b, "proxy_connections_active", "gauge", "client connections open now");
        b.append("proxy_connections_active ").append(clients != null ? clients.active() : 0).append('\n');
        metric(b, "proxy_connections_total", "counter", "client connections accepted and handed to a worker");
        b.append("proxy_connections_total ").append(clients != null ? clients.total() : 0).append('\n');
        metric(b, "proxy_bytes_total", "counter", "bytes relayed, by direction");
        b.append("proxy_bytes_total{direction=\"client_to_backend\"} ").append(clientToBackend.sum()).append('\n');
        b.append("proxy_bytes_total{direction=\"backend_to_client\"} ").append(backendToClient.sum()).append('\n');
        metric(b, "proxy_errors_total", "counter", "errors, by kind");
        new TreeMap<>(errors).forEach((k, v) ->
                b.append("proxy_errors_total{kind=\"").append(k).append("\"} ").append(v.sum()).append('\n'));
        long now = System.nanoTime();
        metric(b, "proxy_backend_up", "gauge", "1 if the backend is up, 0 while it is marked down after a failure");
        for (Backend be : backends.all()) {
            b.append("proxy_backend_up{backend=\"").append(be).append("\"} ").append(be.isDown(now) ? 0 : 1).append('\n');
        }
        metric(b, "proxy_backend_connections_active", "gauge", "connections open to the backend now");
        for (Backend be : backends.all()) {
            b.append("proxy_backend_connections_active{backend=\"").append(be).append("\"} ").append(be.active())
                    .append('\n');
        }
        return b.toString();
    }

    private static void metric(StringBuilder b, String name, String type, String help) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }
}
