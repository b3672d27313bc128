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
}
