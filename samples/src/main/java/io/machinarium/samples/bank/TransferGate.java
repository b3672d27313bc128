package io.machinarium.samples.bank;

import io.machinarium.core.MachinariumException;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.sync.Mutex;
import io.machinarium.core.sync.WaitGroup;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Lets a snapshot of every balance see no transfer half done. A transfer is two account calls (a withdrawal,
 * then a deposit) on two machines: between them its money is in no balance, so a sum read while transfers run
 * is off by what is in flight (seen at 994,215 to 1,002,792 for a million). Transfers {@link #transfer pass}
 * the gate, which counts them while they run; a {@link #snapshot} closes the gate to new transfers, waits for
 * those running to end, reads, and opens it again. Transfers do not wait for one another, only for a snapshot
 * being taken, which reads the ledger in memory and takes microseconds once the running transfers ended.
 *
 * <p>Any coroutine, on any machine (the {@link Mutex} and {@link WaitGroup} of {@code core} park coroutines,
 * never a machine's thread).
 */
final class TransferGate {
    private final Mutex gate = new Mutex();
    private final WaitGroup running = new WaitGroup();

    /**
     * Runs a transfer through the gate: waits while a snapshot is taken, then runs it, counted as running.
     *
     * @param transfer the transfer's calls
     * @param <T> its result
     * @return its result
     */
    <T> T transfer(Supplier<T> transfer) {
        gate.lock();
        try {
            running.add(1);
        } finally {
            gate.unlock();
        }
        try {
            return transfer.get();
        } finally {
            running.done();
        }
    }

    /**
     * Reads while no transfer runs: closes the gate, waits for the running transfers, reads, opens it.
     *
     * @param read what to read (must not transfer)
     * @param timeout how long the running transfers may take to end
     * @return what was read
     * @throws MachinariumException if the running transfers did not end in time (the gate opens again)
     */
    long snapshot(LongSupplier read, Duration timeout) {
        gate.lock();
        try {
            running.await(timeout);
            return read.getAsLong();
        } catch (TimedOutException e) {
            throw new MachinariumException("transfers under way did not end within " + timeout.toMillis()
                    + " ms; try the total again", e);
        } finally {
            gate.unlock();
        }
    }
}
