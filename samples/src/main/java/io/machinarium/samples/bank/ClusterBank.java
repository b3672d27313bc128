package io.machinarium.samples.bank;

import io.machinarium.cluster.ClusterNode;
import io.machinarium.cluster.DurableMap;
import io.machinarium.cluster.Member;
import io.machinarium.core.MachinariumException;
import io.machinarium.micrometer.ClusterMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bank as seen from one node of a cluster: any account on any node, by name. Balances are asked of the
 * account wherever it runs; transfers are made by {@link Transfers}; {@code GET /total} reads every account's
 * record from the store (so it also counts the accounts of a node that is down) and reports the transfers
 * pending in them as {@code inDoubt}; {@code GET /cluster} shows the members and names this node sees; and
 * {@code GET /metrics} adds the node's cluster meters ({@link ClusterMetrics}).
 *
 * <p>An account whose node is down, or that does not answer within the request timeout, is a {@link
 * MachinariumException} (answered {@code 503}); one that no node ever created is unknown ({@code 404}).
 */
final class ClusterBank implements Bank {
    private final String clusterName;
    private final ClusterNode cluster;
    private final DurableMap balances;
    private final NodeAccounts local;
    private final AccountDirectory directory;
    private final Transfers transfers;
    private final TransferRecovery.Counts recovered;
    private final Duration requestTimeout;

    /**
     * The answer of {@code GET /cluster}: the cluster as this node sees it.
     *
     * @param cluster the cluster's name
     * @param node this node's name
     * @param server the NATS server this node is connected to, or null while it reconnects
     * @param accounts the accounts this node serves
     * @param members the nodes, this one included, with their incarnation and whether they are up
     * @param names the cluster-wide names whose holders are alive, with the holder ({@code node/actor id})
     */
    record ClusterView(String cluster, String node, String server, String accounts, List<Member> members,
            Map<String, String> names) {
    }

    ClusterBank(String clusterName, ClusterNode cluster, DurableMap balances, NodeAccounts local,
            Duration requestTimeout, TransferRecovery.Counts recovered) {
        this.clusterName = clusterName;
        this.cluster = cluster;
        this.balances = balances;
        this.local = local;
        this.requestTimeout = requestTimeout;
        this.recovered = recovered;
        this.directory = new AccountDirectory(cluster, balances);
        this.transfers = new Transfers(cluster, directory, requestTimeout);
    }

    /** {@return the transfers of this node, for its recovery} */
    Transfers transfers() {
        return transfers;
    }

    @Override
    public Long balance(String id) {
        if (AccountRange.number(id) < 0) {
            return null;
        }
        if (cluster.whereis(id) == null) {
            if (!directory.exists(id)) {
                return null;
            }
            throw new MachinariumException("account " + id + " is unavailable: its node is down");
        }
        AccountCall.Result r = AccountCall.ask(cluster, id, new AccountRequest.Balance(),
                System.nanoTime() + requestTimeout.toNanos());
        return switch (r) {
            case AccountCall.Answered a when a.account().applied() -> a.account().balance();
            case AccountCall.Answered a -> throw new MachinariumException("account " + id + " cannot read its store now");
            case AccountCall.NotDelivered n -> throw new MachinariumException(n.why());
            case AccountCall.NoAnswer n -> throw new MachinariumException(n.why());
        };
    }

    @Override
    public TransferResult transfer(String from, String to, long amount) {
        return transfers.transfer(from, to, amount);
    }

    /**
     * Reads every record in the store, one round trip each. Not a snapshot: a sum made while transfers run is
     * approximate (the bank of one process takes a snapshot, {@link Accounts#total()}; across nodes that would
     * need every node's transfers paused), and exact once no transfer is under way and {@code inDoubt} is 0.
     */
    @Override
    public Total total() {
        int accounts = 0;
        long sum = 0;
        int inDoubt = 0;
        for (String key : balances.keys()) {
            DurableMap.Entry e = AccountRange.number(key) < 0 ? null : balances.get(key);
            if (e != null) {
                AccountRecord r = AccountRecord.decode(key, e.value());
                accounts++;
                sum += r.balance();
                inDoubt += r.pending().size();
            }
        }
        return new Total(accounts, sum, inDoubt);
    }

    @Override
    public int count() {
        return local.range().size();
    }

    @Override
    public long restarts() {
        return local.restarts();
    }

    @Override
    public Set<Outcome> outcomes() {
        return EnumSet.allOf(Outcome.class);
    }

    @Override
    public Object clusterView() {
        return new ClusterView(clusterName, cluster.name(), cluster.connectedServer(), local.range().toString(),
                cluster.members(), cluster.registeredNames());
    }

    @Override
    public void bindMeters(MeterRegistry registry) {
        new ClusterMetrics(cluster).bindTo(registry);
        FunctionCounter.builder("bank.transfers.recovered", recovered.deposited, LongAdder::sum).tag("how", "deposited")
                .description("Transfers in doubt that this node's recovery completed, by how.").register(registry);
        FunctionCounter.builder("bank.transfers.recovered", recovered.refunded, LongAdder::sum).tag("how", "refunded")
                .description("Transfers in doubt that this node's recovery completed, by how.").register(registry);
    }
}
