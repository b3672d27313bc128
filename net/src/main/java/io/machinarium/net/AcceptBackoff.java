package io.machinarium.net;

import io.machinarium.core.Machine;
import io.machinarium.core.RejectedException;
import io.machinarium.core.ScheduledTask;
import java.time.Duration;

/**
 * How a {@link Listener} rides out accept errors. EMFILE, ENFILE, ENOBUFS are transient: the pending
 * connection stays in the kernel's backlog and the listening socket stays readable, so a level-triggered
 * loop that keeps accepting would fail in a tight loop. So after an error the listener stops accepting and
 * tries again after a pause that doubles while the errors go on (from {@value #FIRST_MS} ms to
 * {@value #LONGEST_MS} ms — Netty's {@code ServerBootstrap} pauses a fixed second), on a timer of its
 * machine. The first error of a run is the one reported to an accept call; every error is counted.
 *
 * <p>Machine-confined to the listener's machine, but {@link #errors()} may be read from any thread.
 */
final class AcceptBackoff {
    static final long FIRST_MS = 10;
    static final long LONGEST_MS = 1000;

    private final Machine machine;
    private final Runnable retry;
    private long nextMs = FIRST_MS;
    private boolean failing;
    private ScheduledTask pending;
    private volatile long errors;

    /**
     * @param machine whose timer runs the retry
     * @param retry turns accepting back on; runs on the machine
     */
    AcceptBackoff(Machine machine, Runnable retry) {
        this.machine = machine;
        this.retry = retry;
    }

    /**
     * Counts an accept error and schedules the retry; the caller has stopped accepting.
     *
     * @return whether this error starts a run of errors (and so is to be reported)
     */
    boolean failed() {
        errors = errors + 1;  // the only writer is the machine
        boolean first = !failing;
        failing = true;
        if (pending == null) {
            long delay = nextMs;
            nextMs = Math.min(LONGEST_MS, nextMs * 2);
            try {
                pending = machine.schedule(Duration.ofMillis(delay), () -> {
                    pending = null;
                    retry.run();
                });
            } catch (RejectedException e) {
                // the machine is ending, and the listener with it
            }
        }
        return first;
    }

    /** A connection was accepted: the run of errors, if any, is over. */
    void succeeded() {
        failing = false;
        nextMs = FIRST_MS;
    }

    /** {@return whether accepting is paused until a retry} */
    boolean isPaused() {
        return pending != null;
    }

    /** Drops a scheduled retry (the listener closes). */
    void cancel() {
        if (pending != null) {
            pending.cancel();
            pending = null;
        }
    }

    /** {@return accept errors so far} */
    long errors() {
        return errors;
    }
}
