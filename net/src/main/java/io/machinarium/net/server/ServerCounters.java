package io.machinarium.net.server;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A server's counts of connections: open now (which the limit is checked against), handed to workers since
 * start, refused over the limit, and — once a drain has begun — those that ended cancelled (forced). The end of
 * a connection and a drain's look at the counts take one monitor, so that the look never counts a connection
 * twice or not at all; the hand-off path, which runs for every connection, takes none.
 *
 * <p>Thread safety: any thread.
 */
final class ServerCounters {
    private final AtomicLong active = new AtomicLong();
    private final LongAdder total = new LongAdder();
    private final LongAdder refused = new LongAdder();
    // guarded by this
    private boolean draining;
    private long forced;
    private long openAtDrain;

    /** {@return connections handed to workers (or being handed) that have not ended} */
    long active() {
        return active.get();
    }

    /** {@return connections handed to workers since start} */
    long total() {
        return total.sum();
    }

    /** {@return connections refused over the limit since start} */
    long refused() {
        return refused.sum();
    }

    /** A connection is about to be handed to a worker: it counts against the limit from now on. */
    void opening() {
        active.incrementAndGet();
    }

    /** The connection's coroutine is being spawned: counted first, so that no one sees it served uncounted. */
    void handedOff() {
        total.increment();
    }

    /** The hand-off failed (the server or the worker is stopping): the connection was closed unserved. */
    void notHandedOff() {
        total.decrement();
        active.decrementAndGet();
    }

    /** A connection was refused over the limit. */
    void refusedOne() {
        refused.increment();
    }

    /**
     * A connection's coroutine ended.
     *
     * @param cancelled whether it was cancelled (after a drain began: forced)
     */
    synchronized void ended(boolean cancelled) {
        if (draining && cancelled) {
            forced++;
        }
        active.decrementAndGet();
    }

    /**
     * A drain begins (the first call only).
     *
     * @return whether this call began it
     */
    synchronized boolean beginDrain() {
        if (draining) {
            return false;
        }
        draining = true;
        openAtDrain = active.get();
        return true;
    }

    /**
     * What a drain did so far.
     *
     * @param gaveUp whether the shutdown stopped waiting before the connections ended: those still open count
     *     as forced and still open
     * @return the report
     */
    synchronized DrainReport drained(boolean gaveUp) {
        long open = gaveUp ? active.get() : 0;
        return new DrainReport(openAtDrain, forced + open, open);
    }
}
