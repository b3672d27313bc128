package io.machinarium.samples.bank;

import io.machinarium.core.sync.WaitGroup;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Where committed balances are kept, standing in for the bank's database: each account's server writes
 * its balance here after every change and reads it back when a supervisor restarts it, so a crash of an
 * account actor loses no money. Each slot has one writer, the account's server.
 */
final class Ledger {
    private final AtomicLongArray balances;
    /** 1 once an account's first server has started. */
    private final AtomicIntegerArray opened;
    private final WaitGroup toOpen = new WaitGroup();

    Ledger(int accounts, long initialBalance) {
        balances = new AtomicLongArray(accounts);
        opened = new AtomicIntegerArray(accounts);
        toOpen.add(accounts);
        for (int i = 0; i < accounts; i++) {
            balances.set(i, initialBalance);
        }
    }

    /** Called by an account's server as it starts; the first start of each account is counted. */
    void opened(int account) {
        if (opened.compareAndSet(account, 0, 1)) {
            toOpen.done();
        }
    }

    /** Blocks the caller until every account's server has started once. */
    void awaitAllOpened(Duration timeout) {
        toOpen.await(timeout);
    }

    long read(int account) {
        return balances.get(account);
    }

    void write(int account, long balance) {
        balances.set(account, balance);
    }

    /** {@return the sum of every balance; exact only while no account changes (see {@link TransferGate})} */
    long sum() {
        long sum = 0;
        for (int i = 0; i < balances.length(); i++) {
            sum += balances.get(i);
        }
        return sum;
    }

    int size() {
        return balances.length();
    }
}
