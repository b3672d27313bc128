package io.machinarium.samples.proxy;

import io.machinarium.core.Machinarium;
import io.machinarium.micrometer.IoMetrics;
import io.machinarium.micrometer.MachineMetrics;
import io.machinarium.net.server.Server;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The proxy's counters, as meters of a Micrometer {@link PrometheusMeterRegistry} that {@code GET /metrics}
 * scrapes ({@link #scrape()}): {@code proxy_connections_active}, {@code proxy_connections_total},
 * {@code proxy_bytes_total{direction}}, {@code proxy_errors_total{kind}}, {@code proxy_backend_up{backend}} and
 * {@code proxy_backend_connections_active{backend}}, next to the machines' and IO contexts' meters of the
 * {@code machinarium-micrometer} binders ({@code machinarium_*}). The hot paths bump {@link LongAdder}s, cheap
 * from every worker; the registry reads them at each scrape. Thread safety: any thread.
 */
final class ProxyMetrics {
    /** Error kinds shown even before they happen, so that a dashboard sees zeros, not gaps. */
    static final String[] KINDS = {"backend_refused", "backend_timeout", "backend_unreachable", "backend_tls",
        "no_backend", "client_tls", "max_conns", "idle_timeout", "relay_io"};
    /** The {@code Content-Type} of {@link #scrape()}. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final LongAdder clientToBackend = new LongAdder();
    private final LongAdder backendToClient = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    ProxyMetrics() {
        bytes("client_to_backend", clientToBackend);
        bytes("backend_to_client", backendToClient);
        for (String k : KINDS) {
            error(k, 0);
        }
    }

    private void bytes(String direction, LongAdder adder) {
        FunctionCounter.builder("proxy.bytes", adder, LongAdder::sum).tag("direction", direction)
                .description("bytes relayed, by direction").register(registry);
    }

    /**
     * Meters of what the proxy serves: its client connections, its backends and its runtime. Call once, when
     * the backends are known.
     *
     * @param runtime the proxy's runtime, for the machines' and IO contexts' meters
     * @param clients the server of client connections (null while it starts: its counts are zero)
     * @param backends the backends, for their state
     */
    void bind(Machinarium runtime, Supplier<Server> clients, Backends backends) {
        Gauge.builder("proxy.connections.active", () -> clients.get() != null ? clients.get().active() : 0)
                .description("client connections open now").register(registry);
        FunctionCounter.builder("proxy.connections", clients, c -> c.get() != null ? c.get().total() : 0)
                .description("client connections accepted and handed to a worker").register(registry);
        for (Backend be : backends.all()) {
            Gauge.builder("proxy.backend.up", () -> be.isDown(System.nanoTime()) ? 0 : 1).tag("backend", be.toString())
                    .description("1 if the backend is up, 0 while it is marked down after a failure").register(registry);
            Gauge.builder("proxy.backend.connections.active", be::active).tag("backend", be.toString())
                    .description("connections open to the backend now").register(registry);
        }
        new MachineMetrics(runtime).bindTo(registry);
        new IoMetrics(runtime).bindTo(registry);
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
        error(kind, 1);
    }

    private void error(String kind, int n) {
        errors.computeIfAbsent(kind, k -> {
            LongAdder a = new LongAdder();
            FunctionCounter.builder("proxy.errors", a, LongAdder::sum).tag("kind", k).description("errors, by kind")
                    .register(registry);
            return a;
        }).add(n);
    }

    /**
     * @param kind an error kind
     * @return how often it happened
     */
    long errors(String kind) {
        LongAdder a = errors.get(kind);
        return a == null ? 0 : a.sum();
    }

    /** {@return every meter in the Prometheus text format (version 0.0.4), for {@code GET /metrics}} */
    String scrape() {
        return registry.scrape();
    }
}
