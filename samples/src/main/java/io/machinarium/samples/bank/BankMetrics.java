package io.machinarium.samples.bank;

import io.machinarium.actors.ActorSystem;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The bank's counters, rendered in Prometheus text format for {@code GET /metrics}. Any thread. */
final class BankMetrics {
    private final ConcurrentHashMap<Integer, LongAdder> responses = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Bank.Outcome, LongAdder> transfers = new ConcurrentHashMap<>();
    private final LongAdder connections = new LongAdder();

    void response(int status) {
        responses.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    void transfer(Bank.Outcome outcome) {
        transfers.computeIfAbsent(outcome, s -> new LongAdder()).increment();
    }

    void connection() {
        connections.increment();
    }

    String render(Bank accounts, ActorSystem system, long activeConnections) {
        StringBuilder b = new StringBuilder(1024);
        b.append("# HELP bank_http_responses_total HTTP responses sent, by status code.\n")
                .append("# TYPE bank_http_responses_total counter\n");
        responses.forEach((code, n) -> b.append("bank_http_responses_total{code=\"").append(code).append("\"} ")
                .append(n.sum()).append('\n'));
        b.append("# HELP bank_transfers_total Transfers, by outcome.\n# TYPE bank_transfers_total counter\n");
        for (Bank.Outcome o : accounts.outcomes()) {
            LongAdder n = transfers.get(o);
            b.append("bank_transfers_total{outcome=\"").append(o.name().toLowerCase(Locale.ROOT)).append("\"} ")
                    .append(n == null ? 0 : n.sum()).append('\n');
        }
        gauge(b, "bank_accounts", "Accounts served.", accounts.count());
        counter(b, "bank_connections_total", "HTTP connections accepted.", connections.sum());
        gauge(b, "bank_connections_active", "HTTP connections open now.", activeConnections);
        gauge(b, "bank_actors_live", "Actors alive in the bank's actor system.", system.liveActors());
        counter(b, "bank_actor_restarts_total", "Account servers restarted by their supervisors.", accounts.restarts());
        counter(b, "bank_dead_letters_total", "Messages that reached no actor.", system.deadLetterCount());
        b.append(accounts.moreMetrics());
        return b.toString();
    }

    private static void gauge(StringBuilder b, String name, String help, long value) {
        b.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name)
                .append(" gauge\n").append(name).append(' ').append(value).append('\n');
    }

    private static void counter(StringBuilder b, String name, String help, long value) {
        b.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name)
                .append(" counter\n").append(name).append(' ').append(value).append('\n');
    }
}
