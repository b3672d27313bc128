package io.machinarium.net;

import java.time.Duration;

/**
 * TCP keepalive settings for {@link SocketOptions#keepAlive}, and machinarium's advice for the
 * TCP_USER_TIMEOUT that goes with them.
 *
 * @param idleSeconds seconds of silence before the first probe (TCP_KEEPIDLE)
 * @param intervalSeconds seconds between probes (TCP_KEEPINTVL)
 * @param probes unanswered probes before the connection is dropped (TCP_KEEPCNT)
 * @since 0.1.0
 */
public record Keepalive(int idleSeconds, int intervalSeconds, int probes) {
    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if any value is below 1
     */
    public Keepalive {
        if (idleSeconds < 1 || intervalSeconds < 1 || probes < 1) {
            throw new IllegalArgumentException("keepalive idle, interval and probes must all be at least 1");
        }
    }

    /**
     * The TCP_USER_TIMEOUT that lets keepalive, not retransmission timeouts, decide when a silent peer
     * is dead (see man 7 tcp): just under idle + interval × probes.
     *
     * @param idleSeconds seconds before the first probe
     * @param intervalSeconds seconds between probes
     * @param probes number of probes
     * @return the advised user timeout in milliseconds: {@code 1000 * (idle + interval * probes) - 500}
     */
    public static int adviceUserTimeoutMillis(int idleSeconds, int intervalSeconds, int probes) {
        return 1000 * (idleSeconds + intervalSeconds * probes) - 500;
    }

    /** {@return the advised TCP_USER_TIMEOUT for these settings} */
    public Duration advisedUserTimeout() {
        return Duration.ofMillis(adviceUserTimeoutMillis(idleSeconds, intervalSeconds, probes));
    }
}
