package io.machinarium.core;

import java.util.List;
import java.util.Set;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

/**
 * The only class that touches {@code jdk.internal.vm}: a one-shot continuation per coroutine. Kept
 * apart so that nothing loads it before {@link JvmSupport} has checked the JVM flag.
 */
final class CoroutineContinuation extends Continuation {
    static final ContinuationScope SCOPE = new ContinuationScope("machinarium");

    /** Why the last suspension was refused, or null. Written and read on the machine thread. */
    Pinned pinnedReason;
    /** The monitor the monitor check found held at the last suspension, or null. Machine thread only. */
    private String heldMonitor;

    CoroutineContinuation(Runnable body) {
        super(SCOPE, body);
    }

    /**
     * Suspends the running coroutine; returns false (and says why in {@link #pinnedDescription()}) if it must
     * not or cannot: the JVM refused ({@link #onPinned}), or {@code checkMonitors} found a monitor held —
     * which JDK 24+ would let it suspend with, deadlocking the machine ({@link MonitorCheck}).
     */
    static boolean suspend(CoroutineContinuation self, boolean checkMonitors) {
        self.pinnedReason = null;
        self.heldMonitor = checkMonitors ? MonitorCheck.heldByCurrentThread() : null;
        if (self.heldMonitor != null) {
            return false;
        }
        return Continuation.yield(SCOPE);
    }

    /** Whether the last refused suspension was refused because of a held monitor. */
    boolean refusedForAMonitor() {
        return heldMonitor != null || pinnedReason == Pinned.MONITOR;
    }

    /** Runs the continuation until it suspends or finishes; true when it has finished. */
    boolean resume() {
        run();
        return isDone();
    }

    @Override
    protected void onPinned(Pinned reason) {
        pinnedReason = reason;
    }

    String pinnedDescription() {
        if (heldMonitor != null) {
            return "it holds " + heldMonitor + " (it is inside a synchronized block or method)";
        }
        Pinned r = pinnedReason;
        if (r == null) {
            return "unknown";
        }
        return switch (r) {
            case NATIVE -> "a native method or class initializer is on its stack";
            case MONITOR -> "it holds a monitor (it is inside a synchronized block or method)";
            case CRITICAL_SECTION -> "it is inside a JVM critical section";
            case EXCEPTION -> "the JVM ran out of memory or stack while suspending";
        };
    }

    StackTraceElement[] stack() {
        return getStackTrace();
    }

    /**
     * The innermost frames of a suspended continuation, at most {@code max + 1} of them: a stack walk that
     * stops early costs only the frames it reads, where {@link #stack()} builds every frame.
     */
    List<StackTraceElement> stack(int max) {
        long limit = max == Integer.MAX_VALUE ? Long.MAX_VALUE : max + 1L;
        return stackWalker(Set.of(StackWalker.Option.SHOW_REFLECT_FRAMES))
                .walk(frames -> frames.limit(limit).map(StackWalker.StackFrame::toStackTraceElement).toList());
    }
}
