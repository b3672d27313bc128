package io.machinarium.net;

/**
 * How a {@link Listener} binds, and the options of the connections it accepts.
 *
 * @param backlog the kernel's queue of connections not yet accepted (SO_BACKLOG)
 * @param reuseAddress SO_REUSEADDR: rebind a port with connections in TIME_WAIT
 * @param reusePort SO_REUSEPORT (epoll): several listeners share one port, the kernel balances
 * @param io options for every accepted connection
 * @since 0.1.0
 */
public record ListenOptions(int backlog, boolean reuseAddress, boolean reusePort, IoOptions io) {
    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if the backlog is below 1 or io is null
     */
    public ListenOptions {
        if (backlog < 1 || io == null) {
            throw new IllegalArgumentException("backlog must be >= 1 and io options are required");
        }
    }

    /**
     * The defaults: backlog 1024, SO_REUSEADDR on, SO_REUSEPORT off, default IO options.
     *
     * @return the defaults
     */
    public static ListenOptions defaults() {
        return new ListenOptions(1024, true, false, IoOptions.defaults());
    }

    /**
     * A copy with another backlog (SO_BACKLOG).
     *
     * @param n the backlog
     * @return a copy
     */
    public ListenOptions withBacklog(int n) {
        return new ListenOptions(n, reuseAddress, reusePort, io);
    }

    /**
     * A copy with SO_REUSEPORT on or off.
     *
     * @param on SO_REUSEPORT
     * @return a copy
     */
    public ListenOptions withReusePort(boolean on) {
        return new ListenOptions(backlog, reuseAddress, on, io);
    }

    /**
     * A copy with other options for every accepted connection.
     *
     * @param options for accepted connections
     * @return a copy
     */
    public ListenOptions withIo(IoOptions options) {
        return new ListenOptions(backlog, reuseAddress, reusePort, options);
    }
}
