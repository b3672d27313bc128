package io.machinarium.samples.bank;

import io.machinarium.actors.ActorSystem;
import io.machinarium.micrometer.IoMetrics;
import io.machinarium.micrometer.MachineMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The bank's meters, in a Micrometer {@link PrometheusMeterRegistry} that {@code GET /metrics} scrapes: the
 * bank's own counters and gauges ({@code bank_*}), the machines' and IO contexts' meters of the
 * {@code machinarium-micrometer} binders ({@code machinarium_*}), and what the {@link Bank} adds (a cluster
 * node's meters). Micrometer names them for Prometheus: {@code bank.http.responses} with tag {@code code}
 * becomes {@code bank_http_responses_total{code="200"} 1.0}. Any thread; a scrape never blocks.
 */
final class BankMetrics {
    /** The {@code Content-Type} of {@link #scrape()}. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentHashMap<Integer, Counter> responses = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Bank.Outcome, Counter> transfers = new ConcurrentHashMap<>();
    private final Counter connections = Counter.builder("bank.connections").description("HTTP connections accepted.")
            .register(registry);
    private final Counter refused = Counter.builder("bank.connections.refused")
            .description("HTTP connections closed unserved: the connection limit was reached.").register(registry);

    /**
     * Meters for what the HTTP API serves: the accounts, the actor system, the connections open now, and the
     * runtime's machines and IO contexts. Call once, before the first scrape.
     *
     * @param bank the accounts (and their {@link Bank#bindMeters extra meters})
     * @param system the bank's actor system
     * @param activeConnections the connections open now
     */
    void bind(Bank bank, ActorSystem system, LongSupplier activeConnections) {
        for (Bank.Outcome o : bank.outcomes()) {
            transfer(o, 0);  // shown from the start, so that a dashboard sees zeros rather than gaps
        }
        Gauge.builder("bank.accounts", bank::count).description("Accounts served.").register(registry);
        Gauge.builder("bank.connections.active", activeConnections::getAsLong).description("HTTP connections open now.")
                .register(registry);
        Gauge.builder("bank.actors.live", system::liveActors).description("Actors alive in the bank's actor system.")
                .register(registry);
        FunctionCounter.builder("bank.actor.restarts", bank, Bank::restarts)
                .description("Account servers restarted by their supervisors.").register(registry);
        FunctionCounter.builder("bank.dead.letters", system, ActorSystem::deadLetterCount)
                .description("Messages that reached no actor.").register(registry);
        new MachineMetrics(system.runtime()).bindTo(registry);
        new IoMetrics(system.runtime()).bindTo(registry);
        bank.bindMeters(registry);
    }

    /** Counts a response sent. @param status its status code */
    void response(int status) {
        responses.computeIfAbsent(status, s -> Counter.builder("bank.http.responses")
                .description("HTTP responses sent, by status code.").tag("code", Integer.toString(s))
                .register(registry)).increment();
    }

    /** Counts a transfer. @param outcome how it ended */
    void transfer(Bank.Outcome outcome) {
        transfer(outcome, 1);
    }

    private void transfer(Bank.Outcome outcome, int n) {
        transfers.computeIfAbsent(outcome, o -> Counter.builder("bank.transfers").description("Transfers, by outcome.")
                .tag("outcome", o.name().toLowerCase(Locale.ROOT)).register(registry)).increment(n);
    }

    /** Counts a connection accepted. */
    void connection() {
        connections.increment();
    }

    /** Counts a connection closed unserved over the limit. */
    void refused() {
        refused.increment();
    }

    /** {@return every meter in the Prometheus text format (version 0.0.4), for {@code GET /metrics}} */
    String scrape() {
        return registry.scrape();
    }
}
