package io.machinarium.core;

import java.util.Set;

/**
 * Names what holds a machine thread when no coroutine runs on it, from the thread's stack: a channel
 * handler (or codec) that Netty called while processing IO, an event-loop task
 * ({@code eventLoop().execute}, a Netty scheduled task) or a machine task ({@link Machine#execute}).
 *
 * <p>The rule: the innermost frame of application code — not the JDK's, not Netty's, not the machine
 * loop's — that was called by Netty or by the machine loop is the code that holds the thread (it may
 * itself be blocked in a JDK call above it); who called it says what kind of code it is. A handler that
 * writes through an encoder that blocks is reported as the encoder, which is the frame to fix.
 */
final class StallCulprit {
    /** The machine loop's own classes: frames of these never name a culprit. */
    private static final Set<String> LOOP = Set.of(Scheduler.class.getName(), MachineEventLoop.class.getName(),
            IoWaitMarker.class.getName(), MachineThread.class.getName(), IdleSpin.class.getName());

    private StallCulprit() {
    }

    /**
     * Describes what holds the thread whose stack this is, for a stall report.
     *
     * @param stack the machine thread's stack, innermost frame first
     * @return e.g. "channel handler com.example.Codec.decode(Codec.java:42)"; "a task" if nothing matches
     */
    static String describe(StackTraceElement[] stack) {
        for (int i = 0; i + 1 < stack.length; i++) {
            StackTraceElement frame = stack[i];
            StackTraceElement caller = stack[i + 1];
            if (!isApplication(frame)) {
                continue;
            }
            String by = caller.getClassName();
            if (by.equals(Scheduler.class.getName())) {
                return "machine task " + frame;
            }
            if (by.startsWith("io.netty.util.concurrent.")) {
                return "event-loop task " + frame;
            }
            if (by.startsWith("io.netty.")) {
                return "channel handler " + frame;
            }
        }
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().startsWith("io.netty.channel.AbstractChannelHandlerContext")) {
                return "a Netty channel handler (" + frame + ")";
            }
        }
        return "a task";
    }

    private static boolean isApplication(StackTraceElement frame) {
        String c = frame.getClassName();
        return !(c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.") || c.startsWith("io.netty.")
                || LOOP.contains(c));
    }
}
