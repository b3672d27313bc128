package io.machinarium.samples.bank;

import io.machinarium.samples.Options;
import java.time.Duration;

/**
 * How long a client of the bank's HTTP API may take, and how many may connect: the limits that keep a
 * slow or hostile client (slowloris: many connections, each sending its request a byte at a time) from
 * holding the bank's connections.
 *
 * @param headerTimeout from the first byte of a request, how long its head (request line and headers) may take
 *     to arrive; past it the client gets {@code 408} and the connection is closed
 * @param bodyTimeout from the end of a request's head, how long its body may take to arrive; past it, {@code 408}
 *     and the connection is closed
 * @param idleTimeout how long a connection may sit with no request under way before it is closed
 * @param maxConnections connections served at once; one more is closed at once, unserved, and counted
 */
record HttpLimits(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, int maxConnections) {
    /** The limits when none is given on the command line. */
    static final HttpLimits DEFAULTS = new HttpLimits(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(60), 10_000);

    /**
     * Declares the options of the limits, with {@link #DEFAULTS} as their defaults.
     *
     * @param options the sample's options
     * @return the same options
     */
    static Options declare(Options options) {
        return options
                .value("header-timeout", Long.toString(DEFAULTS.headerTimeout.toMillis()),
                        "from a request's first byte, how long its head may take to arrive (ms); then 408")
                .value("body-timeout", Long.toString(DEFAULTS.bodyTimeout.toMillis()),
                        "from a request's head, how long its body may take to arrive (ms); then 408")
                .value("idle-timeout", Long.toString(DEFAULTS.idleTimeout.toMillis()),
                        "close a keep-alive connection with no request under way for this long (ms)")
                .value("max-conns", Integer.toString(DEFAULTS.maxConnections),
                        "connections beyond this many open ones are closed at once, unserved");
    }

    /**
     * Reads the limits from parsed options that {@link #declare} declared.
     *
     * @param options the parsed options
     * @return the limits
     * @throws Options.BadOptionException if a value is not a number or out of range
     */
    static HttpLimits fromOptions(Options options) {
        return new HttpLimits(Duration.ofMillis(options.integer("header-timeout", 1, 3_600_000)),
                Duration.ofMillis(options.integer("body-timeout", 1, 3_600_000)),
                Duration.ofMillis(options.integer("idle-timeout", 1, 3_600_000)),
                options.integer("max-conns", 1, 10_000_000));
    }
}
