package io.machinarium.core;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * JDK Flight Recorder event {@code io.machinarium.CoroutineLifetime}: committed when a coroutine
 * finishes, with how long it lived and how it ended. Off by default (a busy program runs a great many
 * coroutines); enable it in the recording's settings, e.g.
 * {@code jfr configure +io.machinarium.CoroutineLifetime#enabled=true}, or
 * {@code recording.enable("io.machinarium.CoroutineLifetime")}.
 */
@Name("io.machinarium.CoroutineLifetime")
@Label("Coroutine Lifetime")
@Category("Machinarium")
@Description("A coroutine finished: its machine, name, lifetime and outcome")
@StackTrace(false)
@Enabled(false)
final class CoroutineLifetimeEvent extends Event {
    @Label("Machine")
    String machine;

    @Label("Coroutine")
    String coroutine;

    @Label("Coroutine Id")
    long id;

    @Label("Lifetime")
    @Timespan(Timespan.NANOSECONDS)
    long lifetime;

    @Label("Outcome")
    String outcome;

    /**
     * Commits the event for a coroutine that has just finished. Called only when a recording wanted the
     * event at the coroutine's birth ({@link JfrHooks#lifetimeWanted()}), so a JVM without JFR never
     * loads this class.
     */
    static void commit(Coroutine c, long bornNanos, Throwable failure) {
        CoroutineLifetimeEvent e = new CoroutineLifetimeEvent();
        e.machine = c.machine().name();
        e.coroutine = c.name();
        e.id = c.id();
        e.lifetime = System.nanoTime() - bornNanos;
        e.outcome = failure == null ? "returned" : failure instanceof CancelledException ? "cancelled"
                : "failed: " + failure;
        e.commit();
    }
}
