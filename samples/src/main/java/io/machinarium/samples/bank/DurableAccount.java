package io.machinarium.samples.bank;

import io.machinarium.actors.NameTakenException;
import io.machinarium.actors.ServerBehaviour;
import io.machinarium.actors.ServerContext;
import io.machinarium.cluster.ClusterException;
import io.machinarium.cluster.ClusterNode;
import io.machinarium.cluster.DurableMap;
import io.machinarium.cluster.RevisionConflictException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.TimedOutException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account of a cluster as a server behaviour: its state ({@link AccountRecord}) lives in the store, the
 * {@code balances} key-value map, and every change is one conditional write at the revision last read, so
 * the balance and the id of the operation that changed it land together or not at all. A restarted server —
 * or a node restarted after {@code kill -9} — reads the record back and goes on with the money it had.
 *
 * <p>It starts by reading its record (creating it with the initial balance only when the store has none),
 * then registers its id cluster-wide, so that every node reaches it by name. Requests run one at a time.
 * When a write finds the record changed (a write of its own that landed late, or another incarnation's),
 * it reads the record again and decides anew. When the store does not answer, the reply is
 * {@code UNAVAILABLE}, and the record is read again before the next request: whether that write landed
 * is learned from the store, never guessed.
 */
final class DurableAccount implements ServerBehaviour<AccountRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(DurableAccount.class);
    /** How long a restarted account waits for its previous incarnation's name to be released. */
    private static final Duration REGISTER_PATIENCE = Duration.ofSeconds(5);

    /** What an account reports once, when it has started for the first time. */
    interface Started {
        /**
         * The account has started.
         *
         * @param id the account
         * @param created whether it was created now (else it was read back from the store)
         */
        void started(String id, boolean created);

        /**
         * The account could not start.
         *
         * @param id the account
         * @param why the failure
         */
        void failed(String id, RuntimeException why);
    }

    private final String id;
    private final DurableMap balances;
    private final ClusterNode cluster;
    private final long initialBalance;
    private final Started started;
    private AccountRecord record;
    private long revision;
    /** A write failed without an answer: read the record again before trusting it. */
    private boolean stale;

    DurableAccount(String id, DurableMap balances, ClusterNode cluster, long initialBalance, Started started) {
        this.id = id;
        this.balances = balances;
        this.cluster = cluster;
        this.initialBalance = initialBalance;
        this.started = started;
    }

    @Override
    public void init(ServerContext<AccountRequest> ctx) {
        boolean created;
        try {
            created = open();
            register(ctx);
        } catch (RuntimeException e) {
            started.failed(id, e);
            throw e;
        }
        started.started(id, created);
    }

    /** Reads the record, or creates it; true if it was created. */
    private boolean open() {
        DurableMap.Entry e = balances.get(id);
        if (e == null) {
            AccountRecord fresh = AccountRecord.opened(initialBalance);
            try {
                revision = balances.create(id, fresh.encode());
                record = fresh;
                return true;
            } catch (RevisionConflictException raced) {
                e = balances.get(id);  // another incarnation made it just now
                if (e == null) {
                    throw raced;
                }
            }
        }
        record = AccountRecord.decode(id, e.value());
        revision = e.revision();
        return false;
    }

    private void register(ServerContext<AccountRequest> ctx) {
        long deadline = System.nanoTime() + REGISTER_PATIENCE.toNanos();
        for (;;) {
            try {
                cluster.register(id, ctx.self().actor());
                return;
            } catch (NameTakenException e) {
                // This server's previous incarnation releases the name just after it exits; another node
                // holding it still after the wait means two nodes were given the same account.
                if (System.nanoTime() - deadline > 0) {
                    throw new NameTakenException("account " + id + " is served by another live node ("
                            + e.getMessage() + "): do two nodes' --accounts ranges overlap?");
                }
                Coroutine.sleep(100);
            }
        }
    }

    @Override
    public Object handleCall(AccountRequest request, ServerContext<AccountRequest> ctx) {
        if (stale && !reload()) {
            return unavailable();
        }
        return switch (request) {
            case AccountRequest.Balance b -> new AccountReply(AccountReply.Status.APPLIED, record.balance());
            case AccountRequest.ListPending p -> new AccountRequest.Pending(record.pending());
            case AccountRequest.Withdraw w -> apply(request);
            case AccountRequest.Deposit d -> apply(request);
            case AccountRequest.Settle s -> apply(request);
            case AccountRequest.Refund r -> apply(request);
        };
    }

    private AccountRecord.Change change(AccountRequest request) {
        return switch (request) {
            case AccountRequest.Withdraw w -> record.withdraw(w);
            case AccountRequest.Deposit d -> record.deposit(d);
            case AccountRequest.Settle s -> record.settle(s.transfer());
            case AccountRequest.Refund r -> record.refund(r.transfer());
            case AccountRequest.Balance b -> throw new IllegalArgumentException("a balance changes nothing");
            case AccountRequest.ListPending p -> throw new IllegalArgumentException("a listing changes nothing");
        };
    }

    /** Applies a change with a conditional write; on a lost race reads the record again and decides anew. */
    private AccountReply apply(AccountRequest request) {
        for (int attempt = 0; attempt < 3; attempt++) {
            AccountRecord.Change c = change(request);
            if (c.record() == null) {
                return new AccountReply(c.status(), record.balance());
            }
            try {
                revision = balances.update(id, c.record().encode(), revision);
                record = c.record();
                stale = false;
                return new AccountReply(c.status(), record.balance());
            } catch (RevisionConflictException e) {
                LOG.info("account {}: its record changed since it was read; reading it again", id);
                if (!reload()) {
                    return unavailable();
                }
            } catch (ClusterException | TimedOutException e) {
                LOG.warn("account {}: the store did not answer a write ({}); it will be read again", id, e.toString());
                stale = true;
                return unavailable();
            }
        }
        return unavailable();
    }

    private boolean reload() {
        try {
            DurableMap.Entry e = balances.get(id);
            if (e == null) {
                throw new IllegalStateException("the record of account " + id + " has vanished from the store");
            }
            record = AccountRecord.decode(id, e.value());
            revision = e.revision();
            stale = false;
            return true;
        } catch (ClusterException | TimedOutException e) {
            stale = true;
            return false;
        }
    }

    private AccountReply unavailable() {
        return new AccountReply(AccountReply.Status.UNAVAILABLE, record.balance());
    }
}
