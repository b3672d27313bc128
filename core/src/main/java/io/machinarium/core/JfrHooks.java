package io.machinarium.core;

import java.util.function.BooleanSupplier;

/**
 * The runtime's only contact with JDK Flight Recorder outside the event classes, so that a JVM without
 * the {@code jdk.jfr} module (a trimmed jlink image) runs coroutines and the stall watchdog as usual,
 * just without the events.
 */
final class JfrHooks {
    private static final BooleanSupplier LIFETIME_WANTED = lifetimeProbe();

    private JfrHooks() {
    }

    private static BooleanSupplier lifetimeProbe() {
        try {
            jdk.jfr.EventType type = jdk.jfr.EventType.getEventType(CoroutineLifetimeEvent.class);
            return type::isEnabled;
        } catch (LinkageError | RuntimeException e) {
            return () -> false;
        }
    }

    /** Whether a recording wants coroutine lifetime events now: one volatile read. */
    static boolean lifetimeWanted() {
        return LIFETIME_WANTED.getAsBoolean();
    }

    /** Commits a stall event if a recording wants it; does nothing without JFR. */
    static void stall(String machine, String coroutine, String heldBy, long heldNanos, String stack) {
        try {
            StallEvent event = new StallEvent();
            if (event.isEnabled()) {
                event.machine = machine;
                event.coroutine = coroutine;
                event.heldBy = heldBy;
                event.held = heldNanos;
                event.stack = stack;
                event.commit();
            }
        } catch (LinkageError e) {
            // no jdk.jfr in this JVM
        }
    }
}
