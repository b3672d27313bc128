package io.machinarium.samples.bank;

import io.machinarium.samples.Options;
import java.util.ArrayList;
import java.util.List;

/**
 * The accounts {@code aFROM} … {@code aTO} a node serves ({@code --accounts FROM-TO}), and what an account's
 * id looks like: {@code a} and a number without leading zeros ({@code a07} is not {@code a7}).
 *
 * @param from the first account's number
 * @param to the last account's number, at least {@code from}
 */
record AccountRange(long from, long to) {
    /** The most accounts one process serves. */
    static final int MAX_ACCOUNTS = 10_000_000;
    /** The largest account number: ten digits. */
    static final long MAX_NUMBER = 9_999_999_999L;

    /**
     * The number of an account id.
     *
     * @param id what the client wrote, possibly null
     * @return the number, or -1 if {@code id} is not {@code a} and a number of at most ten digits without
     *     leading zeros
     */
    static long number(String id) {
        if (id == null || id.length() < 2 || id.length() > 11 || id.charAt(0) != 'a') {
            return -1;
        }
        for (int i = 1; i < id.length(); i++) {
            if (id.charAt(i) < '0' || id.charAt(i) > '9') {
                return -1;
            }
        }
        if (id.length() > 2 && id.charAt(1) == '0') {
            return -1;
        }
        return Long.parseLong(id.substring(1));
    }

    /**
     * Parses {@code FROM-TO}.
     *
     * @param options the sample's options, for the error message
     * @param option the option's name
     * @param text what the user wrote
     * @return the range
     * @throws Options.BadOptionException unless it is two account numbers, the first not above the second,
     *     spanning at most {@link #MAX_ACCOUNTS}
     */
    static AccountRange parse(Options options, String option, String text) {
        int dash = text.indexOf('-');
        long from = dash > 0 ? number("a" + text.substring(0, dash)) : -1;
        long to = dash > 0 ? number("a" + text.substring(dash + 1)) : -1;
        if (from < 0 || to < 0) {
            throw options.bad("--" + option + " needs FROM-TO with --nats (accounts aFROM ... aTO, e.g. 0-49), not '"
                    + text + "'");
        }
        if (from > to || to - from >= MAX_ACCOUNTS) {
            throw options.bad("--" + option + " " + text + ": FROM must not be above TO, and a node serves at most "
                    + MAX_ACCOUNTS + " accounts");
        }
        return new AccountRange(from, to);
    }

    /** {@return how many accounts the range holds} */
    int size() {
        return (int) (to - from + 1);
    }

    /** {@return the ids of the range's accounts, in order} */
    List<String> ids() {
        List<String> ids = new ArrayList<>(size());
        for (long n = from; n <= to; n++) {
            ids.add("a" + n);
        }
        return ids;
    }

    @Override
    public String toString() {
        return "a" + from + "-a" + to;
    }
}
