package io.machinarium.samples.bank;

import io.machinarium.actors.ServerBehaviour;
import io.machinarium.actors.ServerContext;
import io.machinarium.cluster.ClusterNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes the transfers in doubt whose source is an account of this node, as a server of its own: once a
 * {@link #INTERVAL} — and at once when a node joins ({@link #nudge}) — it asks each local account for its
 * pending transfers and, for each one already pending at the previous pass (a newer one may still be in
 * its coordinator's hands), asks for the deposit again, then settles or refunds it ({@link
 * Transfers#complete}). A transfer whose target's node is down waits for a later pass. Running beside the
 * coordinator, or a pass of the node's next incarnation, is safe: every step has its operation id.
 *
 * <p>Its passes run one at a time on its machine; they block only it.
 */
final class TransferRecovery implements ServerBehaviour<Object> {
    private static final Logger LOG = LoggerFactory.getLogger(TransferRecovery.class);
    /** The time between two passes. */
    static final Duration INTERVAL = Duration.ofSeconds(1);

    /** The periodic pass, which sets up the next. */
    private record Tick() {
    }

    /** One more pass now: a node joined, so its accounts may take the deposits that wait for them. */
    record Nudge() {
    }

    /** What the recovery did, for {@code GET /metrics}. Any thread. */
    static final class Counts {
        final LongAdder deposited = new LongAdder();
        final LongAdder refunded = new LongAdder();
    }

    private final ClusterNode cluster;
    private final AccountRange accounts;
    private final Transfers transfers;
    private final Duration requestTimeout;
    private final Counts counts;
    private Set<String> seenBefore = Set.of();

    TransferRecovery(ClusterNode cluster, AccountRange accounts, Transfers transfers, Duration requestTimeout,
            Counts counts) {
        this.cluster = cluster;
        this.accounts = accounts;
        this.transfers = transfers;
        this.requestTimeout = requestTimeout;
        this.counts = counts;
    }

    /** {@return the message that asks for a pass now} */
    static Object nudge() {
        return new Nudge();
    }

    @Override
    public void init(ServerContext<Object> ctx) {
        ctx.sendAfter(INTERVAL, new Tick());
    }

    @Override
    public void handleInfo(Object info, ServerContext<Object> ctx) {
        if (info instanceof Tick) {
            pass();
            ctx.sendAfter(INTERVAL, new Tick());
        } else if (info instanceof Nudge) {
            pass();
        }
    }

    private void pass() {
        Set<String> seenNow = new HashSet<>();
        for (String id : accounts.ids()) {
            if (cluster.whereis(id) == null) {
                continue;  // restarting: its pending transfers wait for the next pass
            }
            AccountCall.Result r = AccountCall.ask(cluster, id, new AccountRequest.ListPending(),
                    System.nanoTime() + requestTimeout.toNanos());
            if (!(r instanceof AccountCall.Answered a) || !(a.reply() instanceof AccountRequest.Pending pending)) {
                continue;
            }
            for (AccountRecord.PendingTransfer t : pending.transfers()) {
                seenNow.add(t.transfer());
                if (!seenBefore.contains(t.transfer()) || cluster.whereis(t.to()) == null) {
                    continue;
                }
                switch (transfers.complete(id, t, System.nanoTime() + requestTimeout.toNanos())) {
                    case DEPOSITED -> {
                        counts.deposited.increment();
                        LOG.info("transfer {} of {} from {} to {} was in doubt: its deposit has landed", t.transfer(),
                                t.amount(), id, t.to());
                    }
                    case REFUNDED -> {
                        counts.refunded.increment();
                        LOG.warn("transfer {} of {} from {} to {} was refused by {}: refunded", t.transfer(), t.amount(),
                                id, t.to(), t.to());
                    }
                    case PENDING -> LOG.debug("transfer {} to {} is still in doubt", t.transfer(), t.to());
                }
            }
        }
        seenBefore = seenNow;
    }
}
