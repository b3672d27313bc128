package io.machinarium.samples.pooler;

import io.machinarium.core.CancelledException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.Machine;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The pools of one worker machine, by (database, user), and the coroutine that closes their connections idle
 * past the idle timeout.
 *
 * <p>Why pools per machine rather than one pool whose connections migrate ({@link
 * io.machinarium.net.IoContext#detach}) to the client's machine: in transaction mode a server connection changes
 * hands once per transaction, and a migration costs a deregistration on one loop and a registration on another
 * (tens of microseconds, measured in the design notes) where a transaction through a pool costs a few; and a
 * client's relay and its server connection on one machine need no cross-thread hand-off at all. The price is
 * that the pool size is per machine ({@code --pool-size} times {@code --machines} connections per
 * (database, user) at most), as Odyssey's per-worker pools with {@code pool_size} have it too.
 *
 * <p>Machine-confined: {@link #of} gives the calling machine's pools.
 */
final class Pools {
    private final Map<Pool.Key, Pool> pools = new HashMap<>();
    private final int size;
    private final PoolerMetrics metrics;

    private Pools(int size, PoolerMetrics metrics) {
        this.size = size;
        this.metrics = metrics;
    }

    /**
     * The calling machine's pools, created at its first client (with the sweeper coroutine).
     *
     * @param settings the pool size and idle timeout
     * @param metrics the pooler's metrics
     * @param owner the object that keys them (one pooler's pools never mix with another's on one runtime)
     * @return the pools of this machine
     */
    static Pools of(PoolerSettings settings, PoolerMetrics metrics, Object owner) {
        Machine m = Machine.current();
        return m.local(owner, () -> {
            Pools p = new Pools(settings.poolSize(), metrics);
            m.spawn("pool sweeper", () -> p.sweepEvery(settings.idleTimeout()));
            return p;
        });
    }

    /**
     * @param key the database and user
     * @return its pool on this machine
     */
    Pool pool(Pool.Key key) {
        return pools.computeIfAbsent(key, k -> new Pool(k, size, metrics));
    }

    private void sweepEvery(Duration idle) {
        Duration period = idle.compareTo(Duration.ofSeconds(1)) < 0 ? idle : Duration.ofSeconds(1);
        try {
            for (;;) {
                Coroutine.sleep(period);
                long now = System.nanoTime();
                for (Pool p : pools.values()) {
                    p.sweep(now, idle.toNanos());
                }
            }
        } catch (CancelledException e) {
            // the pooler stops
        }
    }
}
