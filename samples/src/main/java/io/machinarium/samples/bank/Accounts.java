package io.machinarium.samples.bank;

import io.machinarium.actors.ActorExitedException;
import io.machinarium.actors.ActorSystem;
import io.machinarium.actors.ChildSpec;
import io.machinarium.actors.ServerRef;
import io.machinarium.actors.Strategy;
import io.machinarium.actors.Supervisor;
import io.machinarium.actors.SupervisorSpec;
import io.machinarium.core.Machine;
import io.machinarium.core.MachinariumException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The bank's accounts {@code a0 … a<N-1>}: one {@link AccountServer} each, registered under its id,
 * spread round-robin over the machines under one one-for-one supervisor per machine. Transfers are two
 * calls — a withdrawal, then a deposit — made by the request's coroutine; a deposit that fails is
 * refunded, so money is never created or lost. {@code GET /total} is a consistent snapshot: transfers pass a
 * {@link TransferGate}, and the total is the ledger's sum read while none runs. The bank of one process:
 * without {@code --nats}.
 */
final class Accounts implements Bank {
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private final ActorSystem system;
    private final int count;
    private final long initialBalance;
    private final List<Supervisor> supervisors = new ArrayList<>();
    private final Ledger ledger;
    private final TransferGate gate = new TransferGate();

    Accounts(ActorSystem system, List<Machine> machines, int count, long initialBalance) {
        this.system = system;
        this.count = count;
        this.initialBalance = initialBalance;
        this.ledger = new Ledger(count, initialBalance);
        for (int m = 0; m < machines.size(); m++) {
            List<ChildSpec<?>> children = new ArrayList<>();
            for (int i = m; i < count; i += machines.size()) {
                int index = i;
                children.add(ChildSpec.server("a" + i, () -> new AccountServer(ledger, index))
                        .registered().on(machines.get(m)));
            }
            SupervisorSpec spec = new SupervisorSpec(Strategy.ONE_FOR_ONE, 10, Duration.ofSeconds(1), children);
            supervisors.add(Supervisor.start(system, io.machinarium.actors.SpawnOptions.named("accounts-" + m)
                    .on(machines.get(m)), spec));
        }
    }

    /**
     * Waits until every account server has started (each registers before it starts); blocks the caller.
     *
     * @throws io.machinarium.core.TimedOutException if some did not start in time
     */
    void awaitStarted(Duration timeout) {
        ledger.awaitAllOpened(timeout);
    }

    @Override
    public int count() {
        return count;
    }

    long initialBalance() {
        return initialBalance;
    }

    @Override
    public long restarts() {
        return supervisors.stream().mapToLong(Supervisor::restarts).sum();
    }

    /** The server of account {@code id}, or null if no such account exists. */
    ServerRef<AccountOp> find(String id) {
        long n = AccountRange.number(id);
        if (n < 0 || n >= count) {
            return null;
        }
        ServerRef<AccountOp> ref = ServerRef.lookup(system, id, AccountOp.class);
        if (ref == null) {
            throw new MachinariumException("account " + id + " is restarting; try again");
        }
        return ref;
    }

    /** The balance of an account, or null if it does not exist. Blocks the caller for one call. */
    @Override
    public Long balance(String id) {
        ServerRef<AccountOp> a = find(id);
        return a == null ? null : a.call(new AccountOp.Balance(), CALL_TIMEOUT);
    }

    /**
     * Moves money; blocks the caller for two calls (three when a deposit must be refunded), and while a
     * {@link #total()} is taken.
     */
    @Override
    public TransferResult transfer(String from, String to, long amount) {
        return gate.transfer(() -> move(from, to, amount));
    }

    private TransferResult move(String from, String to, long amount) {
        ServerRef<AccountOp> source = find(from);
        if (source == null) {
            return new TransferResult(Outcome.UNKNOWN_ACCOUNT, from, null);
        }
        ServerRef<AccountOp> target = find(to);
        if (target == null) {
            return new TransferResult(Outcome.UNKNOWN_ACCOUNT, to, null);
        }
        boolean taken = source.call(new AccountOp.Withdraw(amount), CALL_TIMEOUT);
        if (!taken) {
            return new TransferResult(Outcome.INSUFFICIENT_FUNDS, "insufficient funds", null);
        }
        try {
            target.<Long>call(new AccountOp.Deposit(amount), CALL_TIMEOUT);
            return new TransferResult(Outcome.OK, null, null);
        } catch (ActorExitedException | io.machinarium.core.TimedOutException e) {
            // A timed-out deposit may still land later; only an exit before the deposit ran is certain.
            if (e instanceof ActorExitedException) {
                source.<Long>call(new AccountOp.Deposit(amount), CALL_TIMEOUT);
            }
            return new TransferResult(Outcome.FAILED, "the transfer failed and was undone", null);
        }
    }

    /**
     * The sum of all balances as one snapshot: waits for the transfers under way to end (new ones wait), then
     * adds up the ledger, which every account server writes before it answers. A deposit that timed out and
     * lands later is the one transfer it can miss until it lands (its money is in no balance meanwhile).
     *
     * @throws MachinariumException if the transfers under way did not end within a transfer's longest time
     */
    @Override
    public Total total() {
        return new Total(count, gate.snapshot(ledger::sum, CALL_TIMEOUT.multipliedBy(3)), null);
    }
}
