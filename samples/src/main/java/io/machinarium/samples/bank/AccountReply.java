package io.machinarium.samples.bank;

/**
 * The reply of a {@link DurableAccount} to a request that reads or changes money.
 *
 * @param status what happened
 * @param balance the balance after it (for {@code UNAVAILABLE}, the last one known)
 */
record AccountReply(Status status, long balance) {
    /** What happened to the request. */
    enum Status {
        /** Applied now (for a balance: the balance). */
        APPLIED,
        /** Applied before, under the same operation id: nothing changed now. */
        ALREADY_APPLIED,
        /** Refused (insufficient funds, an overflow, nothing to refund); for a deposit, recorded. */
        REFUSED,
        /**
         * The account's store did not answer: whether the change was written is unknown until the account
         * has read its store again, which it does before its next request.
         */
        UNAVAILABLE
    }

    /** {@return whether the operation has been applied, now or before} */
    boolean applied() {
        return status == Status.APPLIED || status == Status.ALREADY_APPLIED;
    }
}
