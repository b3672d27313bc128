package io.machinarium.samples.bank;

import io.machinarium.cluster.ClusterNode;
import io.machinarium.samples.bank.AccountRecord.PendingTransfer;
import io.machinarium.samples.bank.Bank.Outcome;
import io.machinarium.samples.bank.Bank.TransferResult;
import java.time.Duration;
import java.util.UUID;

/**
 * Transfers between accounts of a cluster, made by the node that took the request. A transfer has an id
 * (a UUID) and three steps, each an operation with an id of its own that the account applies at most once:
 *
 * <ol>
 *   <li>the withdrawal ({@code id-w}) takes the money from the source and, in the same write, keeps the
 *       transfer there as pending: from then on the transfer is in doubt and the source's record says so;
 *   <li>the deposit ({@code id-d}) puts it in the target;
 *   <li>the settle tells the source that the deposit landed, and the transfer is no longer pending.
 * </ol>
 *
 * <p>A step whose answer is lost is resolved by asking again, never by guessing: a withdrawal that got no
 * answer leaves the client with "in doubt" — if it was made, the transfer is pending at the source and will
 * be completed; a deposit that got no answer, or whose node is down, leaves the transfer pending, and the
 * {@link TransferRecovery} of the source's node asks for the deposit again (the same id: it lands once) until
 * it lands, then settles. A deposit the target refuses (only an overflow can, and it is recorded there, so it
 * is refused for good) is refunded to the source ({@code id-r}). Money is therefore never created or lost,
 * and {@code GET /total} is the initial total whenever no transfer is pending.
 *
 * <p>Blocks the calling coroutine for the account calls; a transfer takes at most the request timeout (plus
 * the settle's own second, after the money moved).
 */
final class Transfers {
    /** How long a settle may take after the deposit landed, when the request's time is used up. */
    private static final Duration SETTLE_TIME = Duration.ofSeconds(1);

    /** How an attempt to complete a pending transfer ended. */
    enum Completion {
        /** The deposit landed (now or before). */
        DEPOSITED,
        /** The deposit was refused for good and the money went back to the source. */
        REFUNDED,
        /** Not known yet: still pending, to be asked again. */
        PENDING
    }

    private final ClusterNode cluster;
    private final AccountDirectory directory;
    private final Duration requestTimeout;

    Transfers(ClusterNode cluster, AccountDirectory directory, Duration requestTimeout) {
        this.cluster = cluster;
        this.directory = directory;
        this.requestTimeout = requestTimeout;
    }

    /**
     * Moves money, from the request's coroutine.
     *
     * @param from the source account
     * @param to the target account, not {@code from}
     * @param amount a positive amount
     * @return how it ended; {@code IN_DOUBT} and the transfer's id when the bank completes it later
     * @throws io.machinarium.cluster.ClusterException if the store did not answer whether an account exists
     */
    TransferResult transfer(String from, String to, long amount) {
        for (String id : new String[] {from, to}) {
            if (AccountRange.number(id) < 0 || !directory.exists(id)) {
                return new TransferResult(Outcome.UNKNOWN_ACCOUNT, id, null);
            }
        }
        for (String id : new String[] {from, to}) {
            if (cluster.whereis(id) == null) {
                return new TransferResult(Outcome.UNAVAILABLE, "account " + id + " is unavailable: its node is down;"
                        + " nothing was moved", null);
            }
        }
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        String transfer = UUID.randomUUID().toString();
        AccountCall.Result w = AccountCall.ask(cluster, from, new AccountRequest.Withdraw(transfer, to, amount), deadline);
        switch (w) {
            case AccountCall.NotDelivered n -> {
                return new TransferResult(Outcome.UNAVAILABLE, n.why() + "; nothing was moved", transfer);
            }
            case AccountCall.NoAnswer n -> {
                return inDoubt(transfer, "the withdrawal got no answer (" + n.why() + ")");
            }
            case AccountCall.Answered a when a.account().status() == AccountReply.Status.REFUSED -> {
                return new TransferResult(Outcome.INSUFFICIENT_FUNDS, "insufficient funds", transfer);
            }
            case AccountCall.Answered a when !a.account().applied() -> {
                return inDoubt(transfer, "the store of account " + from + " did not answer the withdrawal");
            }
            case AccountCall.Answered a -> {
                // withdrawn, and pending at the source: go on
            }
        }
        Completion c = complete(from, new PendingTransfer(transfer, to, amount), deadline);
        return switch (c) {
            case DEPOSITED -> new TransferResult(Outcome.OK, null, transfer);
            case REFUNDED -> new TransferResult(Outcome.FAILED, "account " + to + " refused the deposit; the money went"
                    + " back to " + from, transfer);
            case PENDING -> inDoubt(transfer, "the deposit to " + to + " got no answer or its node is down");
        };
    }

    private static TransferResult inDoubt(String transfer, String why) {
        return new TransferResult(Outcome.IN_DOUBT, "transfer in doubt: " + why + "; the bank completes or refunds"
                + " it once the account's node answers (GET /total counts it under inDoubt)", transfer);
    }

    /**
     * Tries to complete a transfer pending at {@code from}: asks for its deposit (again), then settles it;
     * refunds it if the target refused the deposit for good. Safe to run more than once, and on more than one
     * coroutine at a time: every step has its operation id.
     *
     * @param from the source account, where the transfer is pending
     * @param t the transfer
     * @param deadline a {@link System#nanoTime()} by which to give up
     * @return how it ended
     */
    Completion complete(String from, PendingTransfer t, long deadline) {
        AccountCall.Result d = AccountCall.ask(cluster, t.to(), new AccountRequest.Deposit(t.transfer() + "-d",
                t.amount()), deadline);
        if (!(d instanceof AccountCall.Answered a) || a.account().status() == AccountReply.Status.UNAVAILABLE) {
            return Completion.PENDING;
        }
        long settleBy = Math.max(deadline, System.nanoTime() + SETTLE_TIME.toNanos());
        if (a.account().applied()) {
            // A lost settle only leaves the transfer pending: the recovery asks for the deposit again, which
            // lands no second time, and settles then.
            AccountCall.ask(cluster, from, new AccountRequest.Settle(t.transfer()), settleBy);
            return Completion.DEPOSITED;
        }
        AccountCall.Result r = AccountCall.ask(cluster, from, new AccountRequest.Refund(t.transfer()), settleBy);
        return r instanceof AccountCall.Answered x && x.account().applied() ? Completion.REFUNDED : Completion.PENDING;
    }
}
