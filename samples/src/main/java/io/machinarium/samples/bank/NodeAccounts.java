package io.machinarium.samples.bank;

import io.machinarium.actors.ActorSystem;
import io.machinarium.actors.ChildSpec;
import io.machinarium.actors.NameTakenException;
import io.machinarium.actors.SpawnOptions;
import io.machinarium.actors.Strategy;
import io.machinarium.actors.Supervisor;
import io.machinarium.actors.SupervisorSpec;
import io.machinarium.cluster.ClusterNode;
import io.machinarium.cluster.DurableMap;
import io.machinarium.core.Machine;
import io.machinarium.samples.SampleFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounts one node of a cluster serves: a {@link DurableAccount} for each account of its range, spread
 * round-robin over the worker machines under one one-for-one supervisor per machine (a crashed account is
 * restarted and reads its record back from the store).
 */
final class NodeAccounts implements DurableAccount.Started {
    private static final Logger LOG = LoggerFactory.getLogger(NodeAccounts.class);

    private final AccountRange range;
    private final List<Supervisor> supervisors = new ArrayList<>();
    private final Set<String> startedOnce = ConcurrentHashMap.newKeySet();
    private final AtomicInteger created = new AtomicInteger();
    private final CompletableFuture<Void> allStarted = new CompletableFuture<>();

    /**
     * Starts the accounts; returns at once (each reads its record and registers its name on its machine).
     *
     * @param system the node's actor system
     * @param cluster the joined node
     * @param balances the store of the accounts' records
     * @param machines where the accounts run
     * @param range the accounts
     * @param initialBalance the balance of an account the store does not have yet
     */
    NodeAccounts(ActorSystem system, ClusterNode cluster, DurableMap balances, List<Machine> machines,
            AccountRange range, long initialBalance) {
        this.range = range;
        List<String> ids = range.ids();
        for (int m = 0; m < machines.size(); m++) {
            List<ChildSpec<?>> children = new ArrayList<>();
            for (int i = m; i < ids.size(); i += machines.size()) {
                String id = ids.get(i);
                children.add(ChildSpec.server(id, () -> new DurableAccount(id, balances, cluster, initialBalance, this))
                        .on(machines.get(m)));
            }
            if (children.isEmpty()) {
                continue;
            }
            // More patience than in one process: a store that does not answer for a few seconds fails every
            // start, and the supervisor must not give up on the accounts while it comes back.
            SupervisorSpec spec = new SupervisorSpec(Strategy.ONE_FOR_ONE, 30, Duration.ofSeconds(10), children);
            supervisors.add(Supervisor.start(system, SpawnOptions.named("accounts-" + m).on(machines.get(m)), spec));
        }
    }

    @Override
    public void started(String id, boolean createdNow) {
        if (startedOnce.add(id)) {
            if (createdNow) {
                created.incrementAndGet();
            }
            if (startedOnce.size() == range.size()) {
                allStarted.complete(null);
            }
        }
    }

    @Override
    public void failed(String id, RuntimeException why) {
        if (why instanceof NameTakenException) {
            allStarted.completeExceptionally(why);  // restarting will not help: the ranges overlap
        } else {
            LOG.warn("account {} could not start ({}); its supervisor starts it again", id, why.toString());
        }
    }

    /**
     * Blocks the calling thread (not a coroutine) until every account has started once.
     *
     * @param timeout how long at most
     * @throws SampleFailedException if an account cannot start, or some did not in time
     * @throws InterruptedException if interrupted
     */
    void awaitStarted(Duration timeout) throws InterruptedException {
        try {
            allStarted.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new SampleFailedException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new SampleFailedException("only " + startedOnce.size() + " of the " + range.size() + " accounts "
                    + range + " started within " + timeout.toSeconds() + " s (is JetStream answering?)", e);
        }
    }

    /** {@return the accounts served here} */
    AccountRange range() {
        return range;
    }

    /** {@return how many accounts were created at this start (the others were read back from the store)} */
    int created() {
        return created.get();
    }

    /** {@return how often the supervisors restarted an account} */
    long restarts() {
        return supervisors.stream().mapToLong(Supervisor::restarts).sum();
    }
}
