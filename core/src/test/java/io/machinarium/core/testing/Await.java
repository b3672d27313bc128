package io.machinarium.core.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits on a plain test thread for a condition that nothing signals — a counter of another component, a
 * count of open descriptors — checking it every millisecond until it holds or the time is up. Where the
 * code under test can signal (a future, a latch, a coroutine's end), wait on that instead.
 */
public final class Await {
    private Await() {
    }

    /**
     * Returns once {@code condition} holds; fails the test if it does not within {@code timeout}.
     *
     * @param timeout how long to wait at most
     * @param condition what to wait for; called on this thread
     * @param what describes the state for the failure message (called once, at the failure)
     * @throws AssertionError if the condition did not hold in time
     */
    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> what) {
        if (!holdsWithin(timeout, condition)) {
            throw new AssertionError("not within " + timeout + ": " + what.get());
        }
    }

    /**
     * Waits until {@code condition} holds or {@code timeout} passes.
     *
     * @param timeout how long to wait at most
     * @param condition what to wait for; called on this thread
     * @return whether it held
     */
    public static boolean holdsWithin(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(1_000_000);
        }
        return true;
    }
}
