package io.machinarium.core;

import java.util.List;
import java.util.Set;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

/**
 * The only class that touches {@code jdk.internal.vm}: a one-shot continuation per coroutine. Kept
 * apart so that nothing loads it before {@link JvmSupport} has checked the JVM flag.
 *
 * <p>It adds no field to the JDK's {@code Continuation} (48 bytes): why a suspension was refused is
 * read right after the refusal by the same coroutine on the same thread, so the machine keeps it
 * ({@link Scheduler#refusal}), not each of its coroutines.
 */
final class CoroutineContinuation extends Continuation {
    static final ContinuationScope SCOPE = new ContinuationScope("machinarium");

    /**
     * @param entry what the continuation runs; one shared object for every coroutine, which finds its
     *     coroutine as the scheduler's current one, so that no lambda is made per coroutine
     */
    CoroutineContinuation(Runnable entry) {
        super(SCOPE, entry);
    }

    /**
     * Suspends the running coroutine; returns false (and says why in {@link #pinnedDescription}) if it must
     * not or cannot: the JVM refused ({@link #onPinned}), or the machine's monitor check found a monitor
     * held — which JDK 24+ would let it suspend with, deadlocking the machine ({@link MonitorCheck}).
     */
    static boolean suspend(Scheduler s) {
        s.refusal = null;
        s.refusedForMonitor = false;
        String held = s.monitorCheck ? MonitorCheck.heldByCurrentThread() : null;
        if (held != null) {
            s.refusal = "it holds " + held + " (it is inside a synchronized block or method)";
            s.refusedForMonitor = true;
            return false;
        }
        return Continuation.yield(SCOPE);
    }

    /** Whether the last refused suspension on machine {@code s} was refused because of a held monitor. */
    static boolean refusedForAMonitor(Scheduler s) {
        return s.refusedForMonitor;
    }

    /** Runs the continuation until it suspends or finishes; true when it has finished. */
    boolean resume() {
        run();
        return isDone();
    }

    @Override
    protected void onPinned(Pinned reason) {
        Scheduler s = ((MachineThread) Thread.currentThread()).scheduler;  // called while yielding, on the machine
        s.refusedForMonitor = reason == Pinned.MONITOR;
        s.refusal = switch (reason) {
            case NATIVE -> "a native method or class initializer is on its stack";
            case MONITOR -> "it holds a monitor (it is inside a synchronized block or method)";
            case CRITICAL_SECTION -> "it is inside a JVM critical section";
            case EXCEPTION -> "the JVM ran out of memory or stack while suspending";
        };
    }

    /** Why the last suspension on machine {@code s} was refused. */
    /** The failure of a suspension the JVM refused: why, and what to do about it. */
    static MisuseException refused(Scheduler s, String coroutine, String what) {
        String fix = refusedForAMonitor(s)
                ? "suspending there would keep the monitor locked while other coroutines of the machine run, and the "
                + "first to enter it would block the machine for good: guard the state with "
                + "io.machinarium.core.sync.Mutex instead of synchronized, or move the blocking call out of the block."
                : "move the blocking call out of there, or offload it.";
        return new MisuseException("coroutine '" + coroutine + "' cannot suspend for a " + what + " because "
                + pinnedDescription(s) + "; " + fix);
    }

    static String pinnedDescription(Scheduler s) {
        String r = s.refusal;
        return r == null ? "unknown" : r;
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
