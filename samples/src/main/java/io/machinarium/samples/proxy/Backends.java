package io.machinarium.samples.proxy;

import io.machinarium.samples.HostPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The proxy's backends and the choice among them: round-robin or least connections, with backends that
 * failed recently (marked down for a back-off period that doubles with each failure in a row, from
 * {@link #FIRST_BACKOFF} to {@link #MAX_BACKOFF}) tried only after all the others. Thread safety: any
 * thread.
 */
final class Backends {
    /** How long a backend stays down after its first failure in a row. */
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);
    /** The longest back-off. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    private final List<Backend> all;
    private final Balance balance;
    private final AtomicLong turn = new AtomicLong();

    Backends(List<HostPort> addresses, Balance balance) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("at least one backend is needed");
        }
        this.all = addresses.stream().map(Backend::new).toList();
        this.balance = balance;
    }

    /** @return every backend, in the order given */
    List<Backend> all() {
        return all;
    }

    /**
     * The backends in the order a new client should try them: those up first (in turn, or by fewest
     * connections), then those marked down, in turn too, so that a backend that has come back is found
     * even when every one is marked down.
     *
     * @return a new list holding every backend once
     */
    List<Backend> order() {
        long now = System.nanoTime();
        int n = all.size();
        int start = (int) Math.floorMod(turn.getAndIncrement(), (long) n);
        List<Backend> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(all.get((start + i) % n));
        }
        if (balance == Balance.LEAST_CONN) {
            out.sort(Comparator.comparingInt(Backend::active));  // stable: ties stay in turn
        }
        out.sort(Comparator.comparing(b -> b.isDown(now)));      // stable: up ones first
        return out;
    }

    /**
     * Records a failed connect: the backend is marked down.
     *
     * @param b the backend
     */
    void failed(Backend b) {
        b.markDown(System.nanoTime(), FIRST_BACKOFF, MAX_BACKOFF);
    }

    /**
     * Records a successful connect: the backend is up.
     *
     * @param b the backend
     */
    void succeeded(Backend b) {
        b.markUp();
    }
}
