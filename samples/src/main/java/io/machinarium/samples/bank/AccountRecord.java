package io.machinarium.samples.bank;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the store keeps of one account of a cluster — one JSON value in the {@code balances} key-value map
 * under the account's id — so that a change of the balance and the id of the operation that made it are
 * one write: {@code {"balance":990,"applied":["…-w"],"refused":[],"pending":[{"transfer":"…","to":"a9",
 * "amount":10}]}}.
 *
 * <p>The operation ids are bounded: the record keeps the last {@link #REMEMBERED} applied ones (and as many
 * refused deposits); an older id asked again would apply again. The bank asks an operation again only for
 * the deposit of a pending transfer, whose source settles it right after the deposit's answer, so an id
 * must be remembered only while that answer or the settle is lost: across one recovery pass (a second), or
 * while the source's node is down after the deposit landed. 1,000 ids keep a record near 40 KB, which is
 * written whole at every operation and read whole by {@code GET /total}; 10,000 would be ten times that.
 *
 * <p>Immutable: every change makes a new record. Pending transfers are kept in the order they began.
 *
 * @param balance the balance
 * @param applied the ids of the last operations applied, oldest first
 * @param refused the ids of the last deposits refused, oldest first
 * @param pending the transfers whose money left this account and whose deposit is not known to have landed
 */
record AccountRecord(long balance, List<String> applied, List<String> refused, List<PendingTransfer> pending) {
    /** How many applied operation ids (and refused deposit ids) a record remembers. */
    static final int REMEMBERED = 1_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * A transfer whose money left this account.
     *
     * @param transfer the transfer's id
     * @param to the target account
     * @param amount the amount
     */
    record PendingTransfer(String transfer, String to, long amount) {
    }

    /**
     * What an operation did.
     *
     * @param status the reply's status
     * @param record the record to write, or null if nothing changed
     */
    record Change(AccountReply.Status status, AccountRecord record) {
    }

    AccountRecord {
        applied = applied == null ? List.of() : List.copyOf(applied);
        refused = refused == null ? List.of() : List.copyOf(refused);
        pending = pending == null ? List.of() : List.copyOf(pending);
    }

    /** {@return a new account's record} */
    static AccountRecord opened(long balance) {
        return new AccountRecord(balance, List.of(), List.of(), List.of());
    }

    /**
     * Reads a stored record.
     *
     * @throws IllegalStateException if the bytes are not one (the store holds something else under the key)
     */
    static AccountRecord decode(String key, byte[] json) {
        try {
            return JSON.readValue(json, AccountRecord.class);
        } catch (JacksonException e) {
            throw new IllegalStateException("the stored value of account " + key + " is not an account record: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** {@return the record as stored} */
    byte[] encode() {
        return JSON.writeValueAsBytes(this);
    }

    /** {@return the money of the pending transfers: it is in no balance until the deposits land} */
    long pendingAmount() {
        return pending.stream().mapToLong(PendingTransfer::amount).sum();
    }

    Change withdraw(AccountRequest.Withdraw w) {
        String op = w.transfer() + "-w";
        if (applied.contains(op)) {
            return new Change(AccountReply.Status.ALREADY_APPLIED, null);
        }
        if (w.amount() > balance) {
            return new Change(AccountReply.Status.REFUSED, null);
        }
        List<PendingTransfer> p = new ArrayList<>(pending);
        p.add(new PendingTransfer(w.transfer(), w.to(), w.amount()));
        return applied(balance - w.amount(), op, p);
    }

    Change deposit(AccountRequest.Deposit d) {
        if (applied.contains(d.op())) {
            return new Change(AccountReply.Status.ALREADY_APPLIED, null);
        }
        if (refused.contains(d.op())) {
            return new Change(AccountReply.Status.REFUSED, null);
        }
        if (d.amount() > Long.MAX_VALUE - balance) {
            // Cannot happen within the options' bounds (10 million accounts of at most 2^31 each); if it does,
            // the refusal is kept so that the transfer is refunded and never deposited later.
            return new Change(AccountReply.Status.REFUSED,
                    new AccountRecord(balance, applied, remember(refused, d.op()), pending));
        }
        return applied(balance + d.amount(), d.op(), pending);
    }

    Change settle(String transfer) {
        List<PendingTransfer> p = new ArrayList<>(pending);
        if (!p.removeIf(t -> t.transfer().equals(transfer))) {
            return new Change(AccountReply.Status.ALREADY_APPLIED, null);
        }
        return new Change(AccountReply.Status.APPLIED, new AccountRecord(balance, applied, refused, p));
    }

    Change refund(String transfer) {
        String op = transfer + "-r";
        if (applied.contains(op)) {
            return new Change(AccountReply.Status.ALREADY_APPLIED, null);
        }
        PendingTransfer t = pending.stream().filter(x -> x.transfer().equals(transfer)).findFirst().orElse(null);
        if (t == null || t.amount() > Long.MAX_VALUE - balance) {
            return new Change(AccountReply.Status.REFUSED, null);
        }
        List<PendingTransfer> p = new ArrayList<>(pending);
        p.remove(t);
        return applied(balance + t.amount(), op, p);
    }

    private Change applied(long newBalance, String op, List<PendingTransfer> newPending) {
        return new Change(AccountReply.Status.APPLIED,
                new AccountRecord(newBalance, remember(applied, op), refused, newPending));
    }

    private static List<String> remember(List<String> ids, String id) {
        List<String> out = new ArrayList<>(Math.min(ids.size() + 1, REMEMBERED));
        out.addAll(ids.size() < REMEMBERED ? ids : ids.subList(ids.size() - REMEMBERED + 1, ids.size()));
        out.add(id);
        return out;
    }
}
