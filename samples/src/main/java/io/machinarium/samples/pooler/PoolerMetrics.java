package io.machinarium.samples.pooler;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pooler's meters, in a Micrometer {@link PrometheusMeterRegistry} of its own (never the global one: two
 * poolers in one process count apart): clients active and waiting for a server connection, server connections
 * by state, transactions, queries, bytes each way and errors by kind; {@link #scrape()} renders them for
 * {@code GET /metrics}. Thread safety: any thread.
 */
final class PoolerMetrics {
    /** Error kinds registered at start, so that a dashboard sees zeros, not gaps. */
    static final String[] KINDS = {"bad_startup", "protocol", "client_tls", "client_timeout", "client_auth",
        "max_clients", "pool_exhausted", "backend_down", "backend_tls", "server_login", "server_lost",
        "server_dirty_closed", "cancel_forwarded", "cancel_unknown"};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicLong clientsActive = new AtomicLong();
    private final AtomicLong clientsWaiting = new AtomicLong();
    private final AtomicLong serverActive = new AtomicLong();
    private final AtomicLong serverIdle = new AtomicLong();
    private final AtomicLong serverOpen = new AtomicLong();
    private final Counter transactions;
    private final Counter queries;
    private final Counter clientBytes;
    private final Counter serverBytes;
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();

    PoolerMetrics() {
        Gauge.builder("pooler.clients", clientsActive, AtomicLong::get).tag("state", "active")
                .description("clients logged in").register(registry);
        Gauge.builder("pooler.clients", clientsWaiting, AtomicLong::get).tag("state", "waiting")
                .description("clients waiting for a server connection").register(registry);
        Gauge.builder("pooler.server.connections", serverActive, AtomicLong::get).tag("state", "active")
                .description("server connections by state").register(registry);
        Gauge.builder("pooler.server.connections", serverIdle, AtomicLong::get).tag("state", "idle")
                .description("server connections by state").register(registry);
        Gauge.builder("pooler.server.connections", serverOpen, AtomicLong::get).tag("state", "open")
                .description("server connections by state").register(registry);
        transactions = Counter.builder("pooler.transactions").description("transactions (and statements outside"
                + " one) the server finished").register(registry);
        queries = Counter.builder("pooler.queries").description("simple queries clients sent").register(registry);
        clientBytes = Counter.builder("pooler.bytes").tag("direction", "client_to_server").baseUnit("bytes")
                .register(registry);
        serverBytes = Counter.builder("pooler.bytes").tag("direction", "server_to_client").baseUnit("bytes")
                .register(registry);
        for (String k : KINDS) {
            error(k, 0);
        }
    }

    void clientsActive(int delta) {
        clientsActive.addAndGet(delta);
    }

    void clientsWaiting(int delta) {
        clientsWaiting.addAndGet(delta);
    }

    void serverActive(int delta) {
        serverActive.addAndGet(delta);
    }

    void serverIdle(int delta) {
        serverIdle.addAndGet(delta);
    }

    void serverOpen(int delta) {
        serverOpen.addAndGet(delta);
    }

    void transaction() {
        transactions.increment();
    }

    void query() {
        queries.increment();
    }

    void clientBytes(int n) {
        clientBytes.increment(n);
    }

    void serverBytes(int n) {
        serverBytes.increment(n);
    }

    /** @param kind an error kind (one of {@link #KINDS}, or a new one) */
    void error(String kind) {
        error(kind, 1);
    }

    private void error(String kind, int n) {
        errors.computeIfAbsent(kind, k -> Counter.builder("pooler.errors").tag("kind", k)
                .description("errors by kind").register(registry)).increment(n);
    }

    /** {@return how often an error kind happened} */
    long errors(String kind) {
        Counter c = errors.get(kind);
        return c == null ? 0 : (long) c.count();
    }

    /** {@return the transactions counted} */
    long transactions() {
        return (long) transactions.count();
    }

    /** {@return the server connections open now, over all pools} */
    long serverConnectionsOpen() {
        return serverOpen.get();
    }

    /** {@return the server connections linked to a client now} */
    long serverConnectionsActive() {
        return serverActive.get();
    }

    /** {@return every meter in the Prometheus text format} */
    String scrape() {
        return registry.scrape();
    }
}
