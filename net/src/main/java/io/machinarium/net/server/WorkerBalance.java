package io.machinarium.net.server;

/**
 * How a {@link Server} picks the worker machine for a new connection.
 *
 * @since 0.1.0
 */
public enum WorkerBalance {
    /** Each new connection goes to the next worker in turn. */
    ROUND_ROBIN,
    /**
     * Each new connection goes to the worker serving the fewest connections now; among equals, the next in
     * turn. Suits connections whose lengths differ widely (a pooler's sessions, a proxy's clients).
     */
    LEAST_CONNECTIONS
}
