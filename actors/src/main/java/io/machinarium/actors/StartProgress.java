package io.machinarium.actors;

import io.machinarium.core.TimedOutException;
import io.machinarium.core.sync.WaitFlag;
import java.time.Duration;

/**
 * How a supervisor's first start goes, for the start that waits ({@link Supervisor#startAndAwait}): the
 * supervisor's actor reports that every child is running, or that one failed to start, or that it is
 * exiting; the starter waits for the first of these. In a fail-fast start a child that fails before it runs
 * fails the whole start rather than being restarted: a program that cannot start its children should learn
 * why at once, not after the restart intensity is spent.
 *
 * <p>While a starter waits, it watches the top-level supervisor ({@link Watcher}): the starter is told of a
 * failed start by the exception it throws, so the supervisor's crash is not also an uncaught failure.
 */
final class StartProgress implements Watcher {
    /** Whether a child that fails before it is running fails the start (else it is restarted as usual). */
    final boolean failFast;
    private final WaitFlag settled = new WaitFlag();
    private volatile boolean running;
    private volatile ChildFailedToStartException failure;

    StartProgress(boolean failFast) {
        this.failFast = failFast;
    }

    /** Every child is running. */
    void running() {
        running = true;
        settled.set();
    }

    /** A child failed to start; the supervisor has stopped the others and crashes with {@code e}. */
    void failed(ChildFailedToStartException e) {
        failure = e;
        settled.set();
    }

    /** The supervisor's actor is ending (stopped, crashed, or its parent exited). */
    void exiting() {
        settled.set();
    }

    @Override
    public void down(ActorRef<?> who, ExitReason reason) {
        // the starter learns of the end through failed() and exiting(), which come first
    }

    @Override
    public boolean isObsolete() {
        return running;
    }

    /**
     * Blocks until the start has settled, then returns if every child was running, else throws why not.
     *
     * @throws TimedOutException if it did not settle in time
     * @throws ChildFailedToStartException if a child failed to start (a copy thrown on the caller's stack)
     * @throws ActorExitedException if the supervisor exited before every child was running
     */
    void await(ActorCell<?> supervisor, Duration timeout) {
        try {
            settled.await(timeout);
        } catch (TimedOutException e) {
            throw new TimedOutException("supervisor '" + supervisor.name() + "' did not have every child running"
                    + " within " + timeout);
        }
        if (running) {
            return;
        }
        ChildFailedToStartException f = failure;
        if (f != null) {
            throw new ChildFailedToStartException(f.getMessage(), f.childId(), f.getCause());
        }
        ExitReason why = supervisor.awaitExit(null);  // it is at its last steps
        throw new ActorExitedException("supervisor '" + supervisor.name() + "' exited before every child was"
                + " running: " + why, why);
    }
}
