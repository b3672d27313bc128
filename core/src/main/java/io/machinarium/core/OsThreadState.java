package io.machinarium.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the kernel says a machine thread is doing, for the stall watchdog: Linux's scheduler state of the
 * thread ({@code /proc/<pid>/task/<tid>/stat}), read without a system call on the thread itself. It tells a
 * thread that waits for a processor ({@code R}: running or runnable) from one asleep in a blocking call
 * ({@code S}, {@code D}) when both use no CPU and both show a native frame on top — a coroutine preempted
 * inside {@code System.nanoTime} looks, to the JVM, exactly like one blocked in a socket read.
 */
final class OsThreadState {
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

    private final Path stat;

    private OsThreadState(Path stat) {
        this.stat = stat;
    }

    /**
     * The state file of the calling thread.
     *
     * @return it, or null where the kernel does not offer one (not Linux, or no {@code /proc})
     */
    static OsThreadState ofCurrentThread() {
        try {
            Path stat = THREAD_SELF.getParent().resolve(Files.readSymbolicLink(THREAD_SELF)).resolve("stat");
            OsThreadState s = new OsThreadState(stat);
            return s.state() != 0 ? s : null;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    /**
     * The thread's state letter as the kernel reports it ({@code R} running or runnable, {@code S} sleeping,
     * {@code D} in uninterruptible IO, {@code T} stopped...).
     *
     * @return the letter, or 0 if it cannot be read (the thread has ended, or the file is not as expected)
     */
    char state() {
        try {
            String line = new String(Files.readAllBytes(stat), StandardCharsets.US_ASCII);
            int close = line.lastIndexOf(')');  // the name in parentheses may itself hold spaces or ')'
            return close >= 0 && close + 2 < line.length() ? line.charAt(close + 2) : 0;
        } catch (IOException | SecurityException e) {
            return 0;
        }
    }
}
