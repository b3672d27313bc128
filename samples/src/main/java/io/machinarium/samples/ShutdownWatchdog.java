package io.machinarium.samples;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The last resort of a sample's shutdown: armed when the signal arrives, it waits on a thread of its own
 * until the shutdown's deadline and, if the process is still there then, says so in one line and forces the
 * end ({@link #halting}: {@code Runtime.halt}). The orderly shutdown ({@link Serving#awaitShutdown}) fits in
 * the deadline by design; this makes the bound hold even when something in it does not (a machine thread
 * held by blocking code, a close that ignores its cancellation).
 *
 * <pre>{@code
 * ShutdownWatchdog w = ShutdownWatchdog.arm(deadline, "echo: forcing the exit", Serving::sayError, ShutdownWatchdog.halting(0));
 * ... the orderly shutdown ...
 * w.disarm();                           // or let the process exit: the watchdog's thread is a daemon
 * }</pre>
 *
 * <p>Thread safety: any thread.
 */
public final class ShutdownWatchdog {
    private final Thread thread;
    private volatile boolean disarmed;

    private ShutdownWatchdog(long deadlineNanos, String line, Consumer<String> say, Runnable force) {
        thread = new Thread(() -> {
            for (long left; (left = deadlineNanos - System.nanoTime()) > 0; ) {
                try {
                    Thread.sleep(Duration.ofNanos(left));
                } catch (InterruptedException e) {
                    // disarmed, or woken early: look again
                }
                if (disarmed) {
                    return;
                }
            }
            if (!disarmed) {
                say.accept(line);
                force.run();
            }
        }, "shutdown watchdog");
        thread.setDaemon(true);
    }

    /**
     * Starts watching. Returns at once.
     *
     * @param deadlineNanos when ({@link System#nanoTime()}) the shutdown must be over
     * @param line what to say if it is not
     * @param say prints the line
     * @param force ends the process (or, in a test, records that it would have)
     * @return the armed watchdog
     */
    public static ShutdownWatchdog arm(long deadlineNanos, String line, Consumer<String> say, Runnable force) {
        ShutdownWatchdog w = new ShutdownWatchdog(deadlineNanos, line, say, force);
        w.thread.start();
        return w;
    }

    /**
     * Ends the process at once with an exit code, skipping shutdown hooks (which may be what holds it).
     *
     * @param code the exit code
     * @return the action
     */
    public static Runnable halting(int code) {
        return () -> Runtime.getRuntime().halt(code);
    }

    /** Stops watching; the line is not said and nothing is forced. Returns at once. */
    public void disarm() {
        disarmed = true;
        thread.interrupt();
    }

    /**
     * Waits for the watchdog's thread to end (after {@link #disarm} or after it forced the end).
     *
     * @param timeout how long to wait at most
     * @return whether it ended
     * @throws InterruptedException if the caller is interrupted
     */
    public boolean join(Duration timeout) throws InterruptedException {
        return thread.join(timeout);
    }
}
