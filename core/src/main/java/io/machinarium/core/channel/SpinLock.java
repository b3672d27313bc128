package io.machinarium.core.channel;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-and-test-and-set lock for critical sections of a few field writes. It never parks (parking
 * would stall a whole machine) and yields the CPU if the holder was descheduled. Never suspend a
 * coroutine while holding it.
 */
final class SpinLock extends AtomicInteger {
    private static final long serialVersionUID = 1L;

    void lock() {
        if (compareAndSet(0, 1)) {
            return;
        }
        int spins = 0;
        for (;;) {
            while (get() != 0) {
                if (++spins < 64) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            if (compareAndSet(0, 1)) {
                return;
            }
        }
    }

    void unlock() {
        setRelease(0);
    }
}
