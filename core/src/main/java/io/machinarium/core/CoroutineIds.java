package io.machinarium.core;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Coroutine ids, unique in the process: a machine takes them from the shared counter a block of 1,024 at a
 * time, so that a spawn on the machine's own thread touches no shared cache line; a spawn from another
 * thread takes one id from the counter.
 *
 * <p>Thread: {@link #next} from any thread; the block belongs to the machine thread.
 */
final class CoroutineIds {
    private static final AtomicLong IDS = new AtomicLong(1);
    private static final int BLOCK = 1024;

    private final Thread owner;
    private long next;
    private long limit;

    CoroutineIds(Thread owner) {
        this.owner = owner;
    }

    long next() {
        if (Thread.currentThread() != owner) {
            return IDS.getAndIncrement();
        }
        if (next == limit) {
            next = IDS.getAndAdd(BLOCK);
            limit = next + BLOCK;
        }
        return next++;
    }
}
