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

    CoroutineContinuation(Runnable body) {
        super(SCOPE, body);
    }

    /** Suspends the running coroutine; returns false (and sets {@link #pinnedReason}) if the JVM refused. */
    static boolean suspend(CoroutineContinuation self) {
        self.pinnedReason = null;
        return Continuation.yield(SCOPE);
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
        Pinned r = pinnedReason;
        if (r == null) {
            return "unknown";
        }
        return switch (r) {
            case NATIVE -> "a native method or class initializer is on its stack";
            case MONITOR -> "it holds a monitor the JVM cannot release";
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
