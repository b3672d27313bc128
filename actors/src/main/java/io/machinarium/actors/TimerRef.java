package io.machinarium.actors;

import io.machinarium.core.Machine;
import io.machinarium.core.ScheduledTask;
import java.time.Duration;

/**
 * A message timer made by {@link ActorContext#sendAfter}, {@link ActorContext#every} or
 * {@link ActorSystem#sendAfter}: one message after a delay, or one per period until cancelled. It runs
 * on a machine's timer heap (no thread, no coroutine). Timers an actor sets for itself end when it exits.
 *
 * <p>Thread safety: any thread.
 *
 * @since 0.1.0
 */
public final class TimerRef {
    private final Machine machine;
    private final Runnable send;
    private final long periodNanos;
    private volatile ScheduledTask task;
    private volatile boolean cancelled;

    private TimerRef(Machine machine, Runnable send, long periodNanos) {
        this.machine = machine;
        this.send = send;
        this.periodNanos = periodNanos;
    }

    static TimerRef once(Machine machine, Duration delay, Runnable send) {
        TimerRef t = new TimerRef(machine, send, 0);
        t.task = machine.schedule(delay, t::fire);
        return t;
    }

    static TimerRef periodic(Machine machine, Duration period, Runnable send) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a periodic timer needs a positive period, not " + period);
        }
        TimerRef t = new TimerRef(machine, send, period.toNanos());
        t.task = machine.schedule(period, t::fire);
        return t;
    }

    private void fire() {
        if (cancelled) {
            return;
        }
        if (periodNanos > 0 && !machine.isStopping()) {
            task = machine.schedule(Duration.ofNanos(periodNanos), this::fire);
        }
        send.run();
    }

    /**
     * Cancels the timer: no message is sent after this returns on the timer's machine, and at most one
     * that was already firing elsewhere. Never blocks.
     */
    public void cancel() {
        cancelled = true;
        ScheduledTask t = task;
        if (t != null) {
            t.cancel();
        }
    }

    /**
     * Whether the timer is cancelled.
     *
     * @return true once cancelled
     */
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Whether a one-shot timer has sent its message, or a periodic one has finished.
     *
     * @return true if done
     */
    public boolean isDone() {
        ScheduledTask t = task;
        return cancelled || (periodNanos == 0 && t != null && t.hasRun());
    }
}
