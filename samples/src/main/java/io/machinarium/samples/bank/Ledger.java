package io.machinarium.samples.bank;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Where committed balances are kept, standing in for the bank's database: each account's server writes
 * its balance here after every change and reads it back when a supervisor restarts it, so a crash of an
 * account actor loses no money. Each slot has one writer, the account's server.
 */
final class Ledger {
    private final AtomicLongArray balances;

    Ledger(int accounts, long initialBalance) {
        balances = new AtomicLongArray(accounts);
        for (int i = 0; i < accounts; i++) {
            balances.set(i, initialBalance);
        }
    }

    long read(int account) {
        return balances.get(account);
    }

    void write(int account, long balance) {
        balances.set(account, balance);
    }

    int size() {
        return balances.length();
    }
}
