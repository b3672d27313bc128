package io.machinarium.tls;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the handshakes a server configuration fails, at most {@link #PER_MINUTE} lines a minute. The failing
 * coroutine gets its {@link TlsHandshakeException} either way; the log is for the operator, who otherwise
 * learns of a broken server — a certificate the clients do not trust, a cipher list they cannot use — only
 * from its clients. A server on an open port also fails handshakes of scanners and broken clients all day, so
 * the log must not grow with them: past the budget, failures are counted, and the next line logged says how
 * many were not.
 *
 * <p>State belongs to one configuration, never to the JVM. Thread: any; machines record concurrently, with
 * no lock (one compare-and-set of the state per failure).
 */
final class HandshakeFailureLog {
    /** The most lines logged in one minute. */
    static final int PER_MINUTE = 10;
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private static final Logger LOG = LoggerFactory.getLogger(Tls.class);

    /**
     * @param windowStart when the current minute began (clock nanos)
     * @param logged lines logged in it
     * @param unlogged failures counted but not logged since the last line
     */
    private record State(long windowStart, int logged, long unlogged) {
    }

    private final LongSupplier clock;
    private final AtomicReference<State> state;

    /** @param clock nanoseconds, as {@link System#nanoTime()}; a test passes one it moves itself */
    HandshakeFailureLog(LongSupplier clock) {
        this.clock = clock;
        this.state = new AtomicReference<>(new State(clock.getAsLong(), 0, 0));
    }

    /** Logs {@code failure}, or counts it if this minute's lines are spent. */
    void record(TlsHandshakeException failure) {
        long now = clock.getAsLong();
        State before;
        State after;
        do {
            before = state.get();
            State current = now - before.windowStart() >= MINUTE ? new State(now, 0, before.unlogged()) : before;
            after = current.logged() < PER_MINUTE ? new State(current.windowStart(), current.logged() + 1, 0)
                    : new State(current.windowStart(), current.logged(), current.unlogged() + 1);
        } while (!state.compareAndSet(before, after));
        if (after.unlogged() != 0) {
            return;  // counted, for the next line logged to report
        }
        long notLogged = before.unlogged();
        String earlier = notLogged == 0 ? "" : " [" + notLogged + " earlier failed handshake"
                + (notLogged == 1 ? " was" : "s were") + " not logged: at most " + PER_MINUTE + " a minute are]";
        String spent = after.logged() == PER_MINUTE ? " [more failures this minute are counted, not logged]" : "";
        LOG.warn("TLS server handshake failed, {}: {}{}{}", failure.failure(), failure.getMessage(), earlier, spent);
    }
}
