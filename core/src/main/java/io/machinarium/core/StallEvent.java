package io.machinarium.core;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * JDK Flight Recorder event {@code io.machinarium.CoroutineStall}: a coroutine (or a task, or a Netty
 * channel handler) held its machine's thread past the runtime's stall threshold — the long-blocking
 * that starves every other coroutine of that machine. Committed once per stall by the stall
 * watchdog, with the machine thread's stack at that moment. On by default, so any recording shows
 * stalls.
 */
@Name("io.machinarium.CoroutineStall")
@Label("Coroutine Stall")
@Category("Machinarium")
@Description("A coroutine held its machine's thread past the stall threshold")
@StackTrace(false)
final class StallEvent extends Event {
    @Label("Machine")
    String machine;

    @Label("Coroutine")
    String coroutine;

    @Label("Held By")
    @Description("The coroutine, channel handler or task holding the thread")
    String heldBy;

    @Label("Held For")
    @Timespan(Timespan.NANOSECONDS)
    long held;

    @Label("Machine Thread Stack")
    String stack;
}
