package io.machinarium.samples.bank;

import io.machinarium.actors.Call;
import java.util.List;

/**
 * What a {@link DurableAccount} of a cluster is asked, from any node: each request that changes money
 * carries an operation id, and the account applies an id at most once. These records cross between nodes as
 * JSON (the cluster's codec). The reply type is {@code Object}: an
 * {@link AccountReply}, or a {@link Pending} for {@link ListPending}, and any request may be answered with an
 * unavailable {@code AccountReply} while the account cannot read its record.
 */
sealed interface AccountRequest extends Call<Object> {
    /** Asks for the balance. */
    record Balance() implements AccountRequest {
    }

    /**
     * Takes {@code amount} out for transfer {@code transfer} to account {@code to}, if the balance covers
     * it, and keeps the transfer as pending in the same write (op id {@code transfer + "-w"}): from then on
     * the bank owes {@code to} the money until the transfer is settled or refunded. A refusal is not
     * recorded (nothing changed).
     *
     * @param transfer the transfer's id
     * @param to the target account
     * @param amount a positive amount
     */
    record Withdraw(String transfer, String to, long amount) implements AccountRequest {
    }

    /**
     * Puts {@code amount} in (op id {@code op}: a transfer's {@code "-d"}). Refused, and the refusal
     * recorded, only if the balance would overflow, so that every later ask hears the same.
     *
     * @param op the operation's id
     * @param amount a positive amount
     */
    record Deposit(String op, long amount) implements AccountRequest {
    }

    /**
     * The deposit of pending transfer {@code transfer} has landed: forget it. Asking twice does nothing more.
     *
     * @param transfer the transfer's id
     */
    record Settle(String transfer) implements AccountRequest {
    }

    /**
     * The deposit of pending transfer {@code transfer} was refused: put the money back (op id
     * {@code transfer + "-r"}) and forget the transfer, in one write.
     *
     * @param transfer the transfer's id
     */
    record Refund(String transfer) implements AccountRequest {
    }

    /** Asks for the transfers pending here; the reply is a {@link Pending}. */
    record ListPending() implements AccountRequest {
    }

    /**
     * The reply to {@link ListPending}.
     *
     * @param transfers the pending transfers, oldest first
     */
    record Pending(List<AccountRecord.PendingTransfer> transfers) {
    }
}
