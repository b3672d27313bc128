package io.machinarium.core;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds machines whose thread is held by one coroutine or task — a blocking JDK call, a long
 * computation — past the configured threshold, and logs each such stall once with the thread's stack,
 * so the offending call is easy to find. A machine that is parked in its event loop is idle, not
 * stalled. One daemon thread per runtime; it reads only published counters.
 */
final class StallWatchdog implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(StallWatchdog.class);

    private final Machinarium runtime;
    private final long thresholdNanos;
    private final Map<Machine, long[]> seen = new HashMap<>();  // machine -> {passes, since, reported}
    private final Thread thread;
    private volatile boolean stopped;

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
                }
            }
            last = now;
            for (Machine m : runtime.machines()) {
                if (!m.isTerminated()) {
                    check(m, now);
                }
            }
        }
    }

    private void check(Machine m, long now) {
        Scheduler s = m.scheduler;
        long passes = s.progress();
        long[] state = seen.computeIfAbsent(m, k -> new long[] {passes, now, 0});
        if (passes != state[0] || s.inbox.isParked()) {
            state[0] = passes;
            state[1] = now;
            state[2] = 0;
            return;
        }
        long held = now - state[1];
        if (held >= thresholdNanos && state[2] == 0) {
            state[2] = 1;
            s.stalls++;
            Coroutine c = s.runningNow();
            StringBuilder stack = new StringBuilder();
            for (StackTraceElement e : s.thread.getStackTrace()) {
                stack.append("\n\tat ").append(e);
            }
            LOG.warn("machine '{}' has been held for {} ms by {}: a coroutine must not block its machine "
                    + "(offload blocking calls with Offload.call){}", m.name(), held / 1_000_000,
                    c != null ? "coroutine '" + c.name() + "'" : "a task", stack);
            JfrHooks.stall(m.name(), c != null ? c.name() : null, held, stack.toString());
        }
    }
}
