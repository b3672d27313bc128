package io.machinarium.samples.bank;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the HTTP API ({@link BankApi}) serves: the accounts of one process ({@link Accounts}) or of a cluster
 * of nodes ({@link ClusterBank}). Every call runs on the request's coroutine and blocks it for the account
 * calls it makes. A call that cannot be answered now (an account restarting, its node down) throws a
 * {@link io.machinarium.core.MachinariumException}, which the API answers with {@code 503}.
 */
interface Bank {
    /** How a transfer ended. */
    enum Outcome {
        /** The money moved. */
        OK,
        /** The source's balance did not cover the amount; nothing moved. */
        INSUFFICIENT_FUNDS,
        /** An account does not exist; nothing moved. */
        UNKNOWN_ACCOUNT,
        /** The transfer could not finish and was undone: the money is back where it was. */
        FAILED,
        /** An account's node is down or did not take the request; nothing moved. */
        UNAVAILABLE,
        /** The money left the source and its arrival is not known yet; the bank completes or refunds it. */
        IN_DOUBT
    }

    /**
     * How a transfer ended.
     *
     * @param outcome the outcome
     * @param detail for a refusal, the sentence the client reads (for {@code UNKNOWN_ACCOUNT}, the account);
     *     null for {@code OK}
     * @param transfer the transfer's id where it has one (a cluster's transfers), else null
     */
    record TransferResult(Outcome outcome, String detail, String transfer) {
    }

    /**
     * The answer of {@code GET /total}.
     *
     * @param accounts how many accounts there are
     * @param total the sum of their balances
     * @param inDoubt transfers begun and not finished (a cluster's; absent in one process, where a transfer
     *     is never in doubt): their money is in none of the balances
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Total(int accounts, long total, Integer inDoubt) {
    }

    /**
     * The balance of an account.
     *
     * @param id the account's id, as the client wrote it
     * @return the balance, or null if there is no such account
     */
    Long balance(String id);

    /**
     * Moves money from one account to another.
     *
     * @param from the source's id
     * @param to the target's id, not {@code from}
     * @param amount a positive amount
     * @return how it ended
     */
    TransferResult transfer(String from, String to, long amount);

    /** {@return the accounts and their total, asked of every account} */
    Total total();

    /** {@return the accounts this process serves} */
    int count();

    /** {@return how often this process's account servers were restarted by their supervisors} */
    long restarts();

    /** {@return the outcomes its transfers can have, for {@code GET /metrics}} */
    default java.util.Set<Outcome> outcomes() {
        return java.util.EnumSet.of(Outcome.OK, Outcome.INSUFFICIENT_FUNDS, Outcome.UNKNOWN_ACCOUNT, Outcome.FAILED);
    }

    /** {@return the cluster as this node sees it, as a JSON-ready value; null for a bank of one process} */
    default Object clusterView() {
        return null;
    }

    /**
     * Adds this bank's own meters to those of {@code GET /metrics}; none by default.
     *
     * @param registry the registry {@code GET /metrics} shows
     */
    default void bindMeters(io.micrometer.core.instrument.MeterRegistry registry) {
    }
}
