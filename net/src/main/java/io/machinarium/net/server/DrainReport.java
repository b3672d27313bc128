package io.machinarium.net.server;

/**
 * What a {@link Server#shutdown(java.time.Duration) shutdown} did with the connections open when it stopped
 * accepting: how many there were, how many were still open when the grace was over (and were cancelled), and
 * how many of those had not ended either when the shutdown stopped waiting ({@link Server#CANCEL_WAIT} later:
 * a handler that never blocks and never checks its cancellation).
 *
 * @param open connections open when the drain began (accepting had stopped)
 * @param forced of those, the ones still open when the grace was over, which were cancelled
 * @param stillOpen of the forced, the ones still running when the shutdown returned
 * @since 0.1.0
 */
public record DrainReport(long open, long forced, long stillOpen) {
    /**
     * Checks the counts.
     *
     * @throws IllegalArgumentException if a count is negative or a part exceeds its whole
     */
    public DrainReport {
        if (open < 0 || forced < 0 || stillOpen < 0 || stillOpen > forced) {
            throw new IllegalArgumentException("inconsistent drain: open " + open + ", forced " + forced
                    + ", still open " + stillOpen);
        }
    }

    /** {@return the connections that finished by themselves within the grace} */
    public long finished() {
        return Math.max(0, open - forced);
    }

    /** {@return whether every connection finished within the grace: none was forced} */
    public boolean clean() {
        return forced == 0;
    }
}
