package io.machinarium.samples.proxy;

import io.machinarium.samples.HostPort;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One backend and what the proxy knows about it: open connections, and whether it is marked down after
 * a failed connect (and until when). Thread safety: any thread; the state is a few independent atomics,
 * and a race between two marks only shifts a back-off a little.
 */
final class Backend {
    private final HostPort address;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile long downUntilNanos;
    private volatile boolean down;

    Backend(HostPort address) {
        this.address = address;
    }

    /** @return where the backend listens */
    HostPort address() {
        return address;
    }

    /** @return connections to it open now */
    int active() {
        return active.get();
    }

    /** Counts a connection that was opened. */
    void opened() {
        active.incrementAndGet();
    }

    /** Counts a connection that ended. */
    void closed() {
        active.decrementAndGet();
    }

    /**
     * Whether the backend is in its back-off period after a failure.
     *
     * @param now {@link System#nanoTime()}
     * @return true while it is marked down
     */
    boolean isDown(long now) {
        return down && now - downUntilNanos < 0;
    }

    /**
     * Marks the backend down after a failed connect: the back-off doubles with each failure in a row.
     *
     * @param now {@link System#nanoTime()}
     * @param first the first back-off
     * @param max the longest back-off
     */
    void markDown(long now, Duration first, Duration max) {
        int n = Math.min(failures.incrementAndGet(), 20);
        long backoff = Math.min(first.toNanos() << (n - 1), max.toNanos());
        downUntilNanos = now + backoff;
        down = true;
    }

    /** Marks the backend up after a successful connect, and forgets its failures. */
    void markUp() {
        failures.set(0);
        down = false;
    }

    @Override
    public String toString() {
        return address.toString();
    }
}
