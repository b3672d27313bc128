package io.machinarium.samples.pooler;

import io.machinarium.core.TimedOutException;
import io.machinarium.core.channel.LocalChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The server connections of one (database, user) on one worker machine: at most {@code size} of them, open or
 * being opened. A client takes an idle one, or the right to open one while there are fewer than
 * {@code size}, or waits — first come, first served — until another client gives one back, for at most the
 * wait timeout.
 *
 * <p>The idle connections sit in a {@link LocalChannel}: giving one back hands it straight to the client that
 * waits longest. A connection that is closed instead of given back leaves its slot to a waiting client as an
 * {@link #OPEN_SLOT} token in the same channel, so that a waiter never misses a free slot.
 *
 * <p>Machine-confined: pools are per machine (see {@link Pools} for why), so no lock is needed.
 */
final class Pool {
    /** The key of a pool. @param database the database @param user the user */
    record Key(String database, String user) {
        @Override
        public String toString() {
            return user + "@" + database;
        }
    }

    /** In the channel: the holder may open a connection of its own (its slot is counted already). */
    private static final Object OPEN_SLOT = new Object();

    private final Key key;
    private final int size;
    private final PoolerMetrics metrics;
    private final LocalChannel<Object> idle = new LocalChannel<>();
    private int open;
    private int waiting;

    /**
     * Creates a pool; on a machine thread (its channel belongs to that machine).
     *
     * @param key its database and user
     * @param size the most connections it holds, open or being opened
     * @param metrics where waits and connections are counted
     */
    Pool(Key key, int size, PoolerMetrics metrics) {
        this.key = key;
        this.size = size;
        this.metrics = metrics;
    }

    Key key() {
        return key;
    }

    /**
     * Takes an idle connection, or the right to open a new one. Blocks the calling coroutine while the pool is
     * full and nothing is idle.
     *
     * @param wait how long to wait for one
     * @return an idle, healthy connection; or null: the caller opens one (its slot is taken) and must
     *     {@link #give} it back, {@link #discard} it, or call {@link #openFailed}
     * @throws PoolerException ({@code 53300}) if none became free in time
     * @throws io.machinarium.core.CancelledException if the coroutine is cancelled
     */
    ServerConnection take(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        for (;;) {
            Object o = idle.poll();
            if (o == null && open < size) {
                open++;
                return null;
            }
            if (o == null) {
                o = await(deadline, wait);
            }
            if (o == OPEN_SLOT) {
                return null;
            }
            ServerConnection c = (ServerConnection) o;
            metrics.serverIdle(-1);
            if (c.healthy(System.nanoTime())) {
                return c;
            }
            metrics.error("server_lost");
            discard(c);
        }
    }

    private Object await(long deadline, Duration wait) {
        long left = deadline - System.nanoTime();
        waiting++;
        metrics.clientsWaiting(1);
        try {
            if (left <= 0) {
                throw new TimedOutException("pool wait");
            }
            return idle.read(Duration.ofNanos(left));
        } catch (TimedOutException e) {
            throw new PoolerException(Wire.TOO_MANY_CONNECTIONS, "pool_exhausted", "no server connection for "
                    + key + " became free within " + wait.toMillis() + " ms (pool size " + size + ")");
        } finally {
            waiting--;
            metrics.clientsWaiting(-1);
        }
    }

    /**
     * Gives a connection back, idle and clean; the longest waiting client gets it at once. Never blocks.
     *
     * @param c a connection of this pool whose last ReadyForQuery said idle
     */
    void give(ServerConnection c) {
        c.idleSince(System.nanoTime());
        metrics.serverIdle(1);
        idle.write(c);
    }

    /**
     * Closes a connection of this pool instead of giving it back, and frees its slot. Never blocks long
     * (the close does not wait for the server).
     *
     * @param c the connection
     */
    void discard(ServerConnection c) {
        c.close();
        metrics.serverOpen(-1);
        openFailed();
    }

    /** Frees the slot of a connection that could not be opened (or was discarded). Never blocks. */
    void openFailed() {
        if (waiting > 0) {
            idle.write(OPEN_SLOT);  // the slot passes to the longest waiting client
        } else {
            open--;
        }
    }

    /**
     * Closes the connections idle for longer than {@code idleNanos}. Never blocks long.
     *
     * @param now {@link System#nanoTime()}
     * @param idleNanos the idle timeout
     */
    void sweep(long now, long idleNanos) {
        List<ServerConnection> keep = new ArrayList<>();
        for (Object o = idle.poll(); o != null; o = idle.poll()) {
            if (o == OPEN_SLOT) {
                open--;  // its waiter gave up meanwhile
            } else if (now - ((ServerConnection) o).idleSince() > idleNanos || !((ServerConnection) o).io().isOpen()) {
                metrics.serverIdle(-1);
                metrics.serverOpen(-1);
                ((ServerConnection) o).close();
                open--;
            } else {
                keep.add((ServerConnection) o);
            }
        }
        keep.forEach(idle::write);
    }

    /** {@return the connections open or being opened} */
    int open() {
        return open;
    }

    @Override
    public String toString() {
        return "pool " + key + " (" + open + "/" + size + " open, " + waiting + " waiting)";
    }
}
