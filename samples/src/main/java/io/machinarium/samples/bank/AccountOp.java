package io.machinarium.samples.bank;

import io.machinarium.actors.Call;

/** What an account server is asked: the requests of its {@link AccountServer}, each declaring its reply. */
sealed interface AccountOp {
    /** Replies with the balance (a {@code Long}). */
    record Balance() implements AccountOp, Call<Long> {
    }

    /** Takes {@code amount} out if the balance covers it; replies {@code true}, else {@code false}. */
    record Withdraw(long amount) implements AccountOp, Call<Boolean> {
    }

    /** Puts {@code amount} in; replies with the new balance. */
    record Deposit(long amount) implements AccountOp, Call<Long> {
    }
}
