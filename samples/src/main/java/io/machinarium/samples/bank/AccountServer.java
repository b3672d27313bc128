package io.machinarium.samples.bank;

import io.machinarium.actors.Reply;
import io.machinarium.actors.ServerBehaviour;
import io.machinarium.actors.ServerContext;

/**
 * One account as a server behaviour: requests to one account run one at a time, so a withdrawal's
 * check and debit cannot interleave with another's. The balance is written through to the
 * {@link Ledger}; a restarted server starts from the ledger's value.
 */
final class AccountServer implements ServerBehaviour<AccountOp> {
    private final Ledger ledger;
    private final int index;
    private long balance;

    AccountServer(Ledger ledger, int index) {
        this.ledger = ledger;
        this.index = index;
    }

    @Override
    public void init(ServerContext<AccountOp> ctx) {
        balance = ledger.read(index);
        ledger.opened(index);
    }

    @Override
    public Reply<?> handleCall(AccountOp op, ServerContext<AccountOp> ctx) {
        return switch (op) {
            case AccountOp.Balance b -> b.reply(balance);
            case AccountOp.Withdraw w -> {
                if (w.amount() > balance) {
                    yield w.reply(false);
                }
                balance -= w.amount();
                ledger.write(index, balance);
                yield w.reply(true);
            }
            case AccountOp.Deposit d -> {
                balance = Math.addExact(balance, d.amount());
                ledger.write(index, balance);
                yield d.reply(balance);
            }
        };
    }
}
