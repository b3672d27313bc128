package io.machinarium.core;

/**
 * The CPU time a thread has used, for the stall watchdog: it tells a machine thread that runs code
 * (its CPU time grows) from one that is runnable but waits for a processor (an overloaded host, a
 * throttled container, a JVM pause), which is no stall of the code it runs. Reached only here, so a JVM
 * without {@code java.management} (a trimmed jlink image) still runs the watchdog, on wall time alone.
 */
final class ThreadCpuClock {
    private static final java.lang.management.ThreadMXBean BEAN = bean();

    private ThreadCpuClock() {
    }

    private static java.lang.management.ThreadMXBean bean() {
        try {
            java.lang.management.ThreadMXBean b = java.lang.management.ManagementFactory.getThreadMXBean();
            return b.isThreadCpuTimeSupported() && b.isThreadCpuTimeEnabled() ? b : null;
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }

    /**
     * The CPU time {@code t} has used so far.
     *
     * @return nanoseconds, or -1 if this JVM cannot tell (then the watchdog goes by wall time)
     */
    static long nanos(Thread t) {
        if (BEAN == null) {
            return -1;
        }
        try {
            return BEAN.getThreadCpuTime(t.threadId());
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
