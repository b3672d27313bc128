package io.machinarium.core;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds machines whose thread is held — by a coroutine, a machine task, a Netty channel handler or an
 * event-loop task: a blocking JDK call, a long computation — past the configured threshold, and logs
 * each such stall once with the thread's stack and what holds it ({@link StallCulprit}), so the
 * offending call is easy to find. A machine is idle, not stalled, only while it is blocked in its IO
 * wait ({@link IoWaitMarker}); time spent in Netty's IO phase and tasks counts like time in coroutines.
 * One daemon thread per runtime; it reads only published counters.
 */
final class StallWatchdog implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(StallWatchdog.class);

    private final Machinarium runtime;
    private final long thresholdNanos;
    private final Map<Machine, long[]> seen = new HashMap<>();  // machine -> {passes, since, reported, cpu}
    private final Thread thread;
    private volatile boolean stopped;
    /** Rounds of checks done so far: a test waits for rounds, not for a while. */
    private volatile long rounds;

    StallWatchdog(Machinarium runtime, Duration threshold) {
        this.runtime = runtime;
        this.thresholdNanos = threshold.toNanos();
        this.thread = new Thread(this, "machinarium-stall-watchdog");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() {
        stopped = true;
        thread.interrupt();
    }

    @Override
    public void run() {
        long period = Math.max(1, thresholdNanos / 4);
        long last = System.nanoTime();
        while (!stopped) {
            try {
                Thread.sleep(period / 1_000_000, (int) (period % 1_000_000));
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            if (now - last > 2 * period) {
                // The watchdog itself woke late: the whole JVM was paused (a full GC, a debugger) or the
                // host is overloaded, which is not a machine's fault. Start every measurement afresh, but
                // remember which stalls were already reported, so a long one is not reported twice.
                for (long[] state : seen.values()) {
                    state[1] = now;
                    state[3] = -1;
                }
            }
            last = now;
            for (Machine m : runtime.machines()) {
                if (!m.isTerminated()) {
                    check(m, now);
                }
            }
            rounds++;
        }
    }

    /** How many rounds of checks the watchdog has done, each a quarter of the threshold apart. */
    long rounds() {
        return rounds;
    }

    private void check(Machine m, long now) {
        Scheduler s = m.scheduler;
        long passes = s.stats.progress();
        long[] state = seen.computeIfAbsent(m, k -> new long[] {passes, now, 0, -1});  // + CPU time at "since"
        boolean idle = s.ioLoop.isWaitingForIo();
        if (passes != state[0] || idle) {
            state[0] = passes;
            state[1] = now;
            state[2] = 0;
            state[3] = idle ? -1 : ThreadCpuClock.nanos(s.thread);
            return;
        }
        if (state[3] < 0) {
            state[3] = ThreadCpuClock.nanos(s.thread);  // it was idle a round ago: count from here
        }
        long held = now - state[1];
        if (held < thresholdNanos || state[2] != 0) {
            return;
        }
        StackTraceElement[] frames = s.thread.getStackTrace();
        if (waitsForAProcessor(s.thread, frames, state[3])) {
            return;  // not held by its code (yet): look again next round, the time held keeps counting
        }
        state[2] = 1;
        Coroutine c = s.runningNow();
        StringBuilder stack = new StringBuilder();
        for (StackTraceElement e : frames) {
            stack.append("\n\tat ").append(e);
        }
        String culprit = c != null ? "coroutine '" + c.name() + "'" : StallCulprit.describe(frames);
        String monitor = MonitorCheck.stallHint(s.thread);
        if (monitor.isEmpty()) {
            LOG.warn("machine '{}' has been held for {} ms by {}: code on a machine must not block it "
                    + "(offload blocking calls with Offload.call){}", m.name(), held / 1_000_000, culprit, stack);
        } else {
            LOG.error("machine '{}' has been held for {} ms by {}{}{}", m.name(), held / 1_000_000, culprit, monitor,
                    stack);
        }
        JfrHooks.stall(m.name(), c != null ? c.name() : null, culprit, held, stack.toString());
        s.stats.stalls++;  // counted once reported: whoever sees the count can find the report
    }

    /**
     * Whether a machine thread that made no progress for the threshold was merely runnable: it is not blocked
     * in Java, yet has used less than half the threshold of CPU since — the host or the JVM held it, not the
     * code. Measured on a loaded two-core host: a coroutine that spins for 1 µs was "held" 104–107 ms while its
     * thread waited for a processor. Where the kernel tells (Linux), its word decides between waiting for a
     * processor and sleeping in a blocking call; elsewhere a native frame on top counts as a blocking call
     * (a socket read), which misreports a preempted thread caught in a native method such as
     * {@code System.nanoTime}. A blocked thread (sleep, park, a blocking system call) is held for the whole
     * time, CPU or not.
     */
    private boolean waitsForAProcessor(Thread t, StackTraceElement[] frames, long cpuAtSince) {
        long cpu = ThreadCpuClock.nanos(t);
        if (cpu < 0 || cpuAtSince < 0 || t.getState() != Thread.State.RUNNABLE || frames.length == 0
                || cpu - cpuAtSince >= thresholdNanos / 2) {
            return false;
        }
        char os = t instanceof MachineThread mt ? mt.osState() : 0;
        if (os != 0) {
            return os == 'R';
        }
        return !frames[0].isNativeMethod();
    }
}
