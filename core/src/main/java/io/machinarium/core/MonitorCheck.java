package io.machinarium.core;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * Asks the JVM about the monitors ({@code synchronized}) of a machine thread: the one thing coroutines cannot
 * cope with. Measured on JDK 25 (default lightweight locking): a continuation <em>does</em> suspend inside
 * {@code synchronized} — {@code Continuation.yield} neither refuses nor calls {@code onPinned(MONITOR)}, and
 * {@code Continuation.isPinned} does not look at monitors — and the monitor stays locked by the suspended
 * coroutine, owned by no running thread: the next coroutine of the machine that enters it blocks the machine
 * thread for good (the holder can never resume to release it), and so does any other thread. Only JDK 21–23
 * and JDK 24+ with {@code -XX:LockingMode=1} refuse such a suspension ({@code Pinned.MONITOR}). So this asks
 * the management interface, which sees every monitor a thread holds but costs a safepoint (about 60 µs here):
 * before each suspension only when {@link MachinariumConfig#monitorCheck()} asks for it, and when a stalled or
 * stuck machine is reported. Reached only here, so a JVM without {@code java.management} still runs.
 */
final class MonitorCheck {
    private static final ThreadMXBean BEAN = bean();

    private MonitorCheck() {
    }

    private static ThreadMXBean bean() {
        try {
            ThreadMXBean b = ManagementFactory.getThreadMXBean();
            return b.isObjectMonitorUsageSupported() ? b : null;
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** Whether this JVM can tell which monitors a thread holds. */
    static boolean available() {
        return BEAN != null;
    }

    /**
     * The innermost monitor the calling thread holds, described for a {@link MisuseException}.
     *
     * @return e.g. "the monitor of java.lang.Object@1b6d3586, locked in Account.debit(Account.java:42)", or
     *     null if it holds none (or this JVM cannot tell)
     */
    static String heldByCurrentThread() {
        if (BEAN == null) {
            return null;
        }
        ThreadInfo[] info = BEAN.getThreadInfo(new long[] {Thread.currentThread().threadId()}, true, false);
        if (info.length == 0 || info[0] == null || info[0].getLockedMonitors().length == 0) {
            return null;
        }
        MonitorInfo innermost = info[0].getLockedMonitors()[0];
        for (MonitorInfo m : info[0].getLockedMonitors()) {
            if (m.getLockedStackDepth() >= 0 && m.getLockedStackDepth() < innermost.getLockedStackDepth()) {
                innermost = m;
            }
        }
        StackTraceElement where = innermost.getLockedStackFrame();
        return "the monitor of " + innermost + (where != null ? ", locked in " + where : "");
    }

    /**
     * Whether {@code t} is blocked entering a monitor that no running thread owns: what a machine thread looks
     * like once a coroutine of it suspended inside {@code synchronized} and another entered the same monitor.
     */
    static boolean blockedOnASuspendedMonitor(Thread t) {
        if (t.getState() != Thread.State.BLOCKED) {
            return false;
        }
        if (BEAN == null) {
            return true;  // cannot tell who owns it; blocked for the whole threshold is suspicious enough
        }
        // Measured on JDK 25: such a thread's ThreadInfo says RUNNABLE with no lock and no owner, while
        // Thread.getState() says BLOCKED; a monitor held by a running thread names that thread as its owner.
        ThreadInfo info = BEAN.getThreadInfo(t.threadId());
        return info == null || info.getLockOwnerId() < 0;
    }

    /** One sentence for a stall report of a machine whose thread is blocked entering a monitor, or "". */
    static String stallHint(Thread t) {
        if (t.getState() != Thread.State.BLOCKED) {
            return "";
        }
        if (blockedOnASuspendedMonitor(t)) {
            return "; its thread is blocked entering a monitor that no running thread owns — a coroutine of this "
                    + "machine suspended inside synchronized and holds it, so the machine can never go on: use "
                    + "io.machinarium.core.sync.Mutex instead, and find the coroutine with "
                    + "MachinariumConfig.builder().monitorCheck(true)";
        }
        ThreadInfo info = BEAN == null ? null : BEAN.getThreadInfo(t.threadId());
        LockInfo lock = info == null ? null : info.getLockInfo();
        return "; its thread is blocked entering the monitor of " + lock
                + (info != null ? ", held by thread '" + info.getLockOwnerName() + "'" : "");
    }

    /** What a machine thread that did not stop is doing, for the shutdown warning. */
    static String describeStuck(Thread t) {
        StackTraceElement[] stack = t.getStackTrace();
        String hint = stallHint(t);
        return "its thread is " + t.getState() + (stack.length > 0 ? " at " + stack[0] : "")
                + (hint.isEmpty() ? "" : hint);
    }
}
