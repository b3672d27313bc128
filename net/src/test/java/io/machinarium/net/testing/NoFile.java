package io.machinarium.net.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * This JVM's RLIMIT_NOFILE: read from /proc, and dropped to a soft limit of 0 — so that no descriptor can be
 * opened, whichever ones other threads free meanwhile — while a helper process started beforehand waits to
 * restore it (with no descriptor left, this JVM could not start a process itself). The descriptors the JVM
 * holds stay usable. While the limit is 0 nothing in the JVM may open a file, not even a class file: load
 * the classes the window uses before it.
 *
 * <pre>{@code
 * String[] limit = NoFile.read();
 * try (NoFile drought = NoFile.none(limit)) {
 *     ... accepting fails with EMFILE ...
 * }                                             // restored
 * }</pre>
 */
public final class NoFile implements AutoCloseable {
    private static final Duration T = Duration.ofSeconds(20);

    private final Process restorer;

    private NoFile(Process restorer) {
        this.restorer = restorer;
    }

    /**
     * Whether this machine can run the drought: prlimit is there and /proc tells the limit.
     *
     * @return the reason it cannot, or null if it can
     * @throws IOException if /proc/self/limits cannot be read
     */
    public static String unavailable() throws IOException {
        if (!Files.isExecutable(Path.of("/usr/bin/prlimit"))) {
            return "needs util-linux's prlimit to lower this JVM's descriptor limit";
        }
        return read() == null ? "needs /proc/self/limits to know the descriptor limit" : null;
    }

    /**
     * Reads the limit.
     *
     * @return {soft, hard} as prlimit spells them, or null if unknown
     * @throws IOException if /proc/self/limits cannot be read
     */
    public static String[] read() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                return new String[] {f[0], f[1]};
            }
        }
        return null;
    }

    /**
     * Drops the soft limit to 0 until {@link #close()} (or, should this JVM not get to close it, a minute).
     *
     * @param limit the limit to restore, from {@link #read()}
     * @return the drought
     * @throws IOException if a helper cannot be started
     * @throws InterruptedException if interrupted while prlimit runs
     */
    public static NoFile none(String[] limit) throws IOException, InterruptedException {
        String pid = Long.toString(ProcessHandle.current().pid());
        String restore = "--nofile=" + limit[0] + ":" + limit[1];
        Process restorer = new ProcessBuilder("/bin/bash", "-c",
                "read -t 60 line; exec /usr/bin/prlimit --pid " + pid + " " + restore)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Process drop = new ProcessBuilder("/usr/bin/prlimit", "--pid", pid, "--nofile=0:" + limit[1])
                .inheritIO().start();
        if (!drop.waitFor(T.toSeconds(), TimeUnit.SECONDS) || drop.exitValue() != 0) {
            restorer.destroy();
            throw new AssertionError("prlimit --nofile=0 failed");
        }
        return new NoFile(restorer);
    }

    /**
     * Restores the limit; returns once it is restored.
     *
     * @throws IOException if the helper cannot be told
     * @throws InterruptedException if interrupted while it restores
     */
    @Override
    public void close() throws IOException, InterruptedException {
        restorer.getOutputStream().write('\n');
        restorer.getOutputStream().flush();
        if (!restorer.waitFor(2 * T.toSeconds(), TimeUnit.SECONDS) || restorer.exitValue() != 0) {
            throw new AssertionError("restoring the descriptor limit failed");
        }
        restorer.getOutputStream().close();
    }
}
