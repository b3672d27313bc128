package io.machinarium.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task that a machine runs once on its own thread when a delay has passed, made by
 * {@link Machine#schedule}. It lives in the machine's timer heap, so it costs no thread and no
 * coroutine; {@link #cancel()} takes it out.
 *
 * <p>Thread safety: {@link #cancel()} and {@link #isCancelled()} from any thread.
 *
 * @since 0.1.0
 */
public final class ScheduledTask extends Timer {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledTask.class);
    private final Scheduler scheduler;
    private final Runnable task;
    private volatile boolean cancelled;
    private volatile boolean fired;

    ScheduledTask(Scheduler scheduler, Runnable task) {
        this.scheduler = scheduler;
        this.task = task;
    }

    /**
     * Cancels the task if it has not run yet; never blocks. On the machine's own thread the timer leaves
     * the heap at once, elsewhere it is skipped when due.
     *
     * @return true if the task will not run because of this call, false if it already ran or was
     *     cancelled before
     */
    public boolean cancel() {
        if (cancelled || fired) {
            return false;
        }
        cancelled = true;
        if (Thread.currentThread() == scheduler.thread && isScheduled()) {
            scheduler.timers.remove(this);
        }
        return !fired;
    }

    /**
     * Whether {@link #cancel()} was called before the task ran.
     *
     * @return true if cancelled
     */
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Whether the task has run (or is running).
     *
     * @return true once it ran
     */
    public boolean hasRun() {
        return fired;
    }

    @Override
    void fire() {
        if (cancelled) {
            return;
        }
        fired = true;
        try {
            task.run();
        } catch (Throwable t) {
            LOG.warn("a scheduled task on machine '{}' failed", scheduler.machine.name(), t);
        }
    }
}
