package io.machinarium.core.sync;

import io.machinarium.core.CancelledException;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.spi.WaiterQueue;
import java.time.Duration;

/**
 * Waits for a group of tasks to finish (machinarium's {@code mm_wait_group}, Go's
 * {@code sync.WaitGroup}): {@link #add} before starting each task, {@link #done} when it ends,
 * {@link #await} until the count is back to zero.
 *
 * <pre>{@code
 * WaitGroup group = new WaitGroup();
 * for (Machine m : runtime.machines()) {
 *     group.add(1);
 *     m.spawn(() -> { try { work(); } finally { group.done(); } });
 * }
 * group.await(Duration.ofSeconds(10));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class WaitGroup {
    private final WaiterQueue waiters = new WaiterQueue();
    private long count;

    /** Creates a wait group with a count of zero. */
    public WaitGroup() {
    }

    /**
     * Adds to the count.
     *
     * @param delta how many tasks start (may be negative, like {@link #done} repeated)
     * @throws IllegalStateException if the count would drop below zero
     */
    public void add(long delta) {
        synchronized (this) {
            if (count + delta < 0) {
                throw new IllegalStateException("wait group count would become " + (count + delta));
            }
            count += delta;
            if (count != 0) {
                return;
            }
        }
        waiters.wakeAll();
    }

    /** One task finished: the count drops by one. */
    public void done() {
        add(-1);
    }

    /** {@return the current count (a snapshot)} */
    public synchronized long count() {
        return count;
    }

    /**
     * Waits until the count is zero; returns at once if it is.
     *
     * @param timeout how long to wait; null waits forever
     * @throws TimedOutException if the count is still above zero when the timeout expires
     * @throws CancelledException if the caller is or gets cancelled
     */
    public void await(Duration timeout) {
        SyncWait.until(this, waiters, me -> count == 0, "wait group wait", timeout);
    }

    @Override
    public String toString() {
        return "wait group (count " + count() + ")";
    }
}
