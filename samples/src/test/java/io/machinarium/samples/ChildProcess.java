package io.machinarium.samples;

import io.machinarium.core.testing.Await;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program the tests run as a child process (a sample through {@code bin/sample}, {@code openssl},
 * {@code redis-server}): its stdout and stderr are collected separately so that a test can wait for a
 * line; {@link #close()} kills it if it still runs.
 */
public final class ChildProcess implements AutoCloseable {
    /** The repository root (failsafe sets {@code machinarium.root}; else the module's parent). */
    public static final Path ROOT = Path.of(System.getProperty("machinarium.root", "..")).toAbsolutePath().normalize();

    private final Process process;
    private final List<String> command;
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private final Thread[] readers;

    private ChildProcess(List<String> command, Path dir) throws IOException {
        this(command, dir, java.util.Map.of());
    }

    private ChildProcess(List<String> command, Path dir, java.util.Map<String, String> env) throws IOException {
        this.command = command;
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("MACHINARIUM_SAMPLE_NO_BUILD", "1");
        pb.environment().putAll(env);
        process = pb.start();
        readers = new Thread[] {collect(process.getInputStream(), out), collect(process.getErrorStream(), err)};
    }

    /**
     * Starts any command.
     *
     * @param dir its working directory
     * @param command the program and its arguments
     * @return the running process
     * @throws IOException if it cannot be started
     */
    public static ChildProcess start(Path dir, String... command) throws IOException {
        return new ChildProcess(List.of(command), dir);
    }

    /**
     * Starts {@code bin/sample} from the repository root, as a user would.
     *
     * @param args the sample's name and options
     * @return the running process
     * @throws IOException if it cannot be started
     */
    public static ChildProcess sample(String... args) throws IOException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "bin/sample";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return new ChildProcess(List.of(cmd), ROOT);
    }

    /**
     * Starts {@code bin/sample} with extra environment variables (e.g. {@code MACHINARIUM_JAVA_OPTS}).
     *
     * @param env variables added to the child's environment
     * @param args the sample's name and options
     * @return the running process
     * @throws IOException if it cannot be started
     */
    public static ChildProcess sample(java.util.Map<String, String> env, String... args) throws IOException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "bin/sample";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return new ChildProcess(List.of(cmd), ROOT, env);
    }

    /** @return the process id */
    public long pid() {
        return process.pid();
    }

    private static Thread collect(InputStream in, StringBuffer into) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    into.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "child-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Waits until stdout or stderr contains {@code text}.
     *
     * @param text what to wait for
     * @param timeout how long at most
     * @return the output so far (stdout, then stderr)
     * @throws AssertionError with the output if it does not appear in time or the process exits first
     */
    public String await(String text, Duration timeout) throws InterruptedException {
        java.util.function.BooleanSupplier printed = () -> out.indexOf(text) >= 0 || err.indexOf(text) >= 0;
        Await.until(timeout, () -> printed.getAsBoolean() || !process.isAlive(),
                () -> command + " did not print '" + text + "':\n" + output());
        if (!printed.getAsBoolean()) {
            for (Thread r : readers) {
                r.join(2000);
            }
            if (!printed.getAsBoolean()) {
                throw new AssertionError(command + " exited (" + process.exitValue() + ") without printing '" + text
                        + "':\n" + output());
            }
        }
        return output();
    }

    /** @return everything printed so far: stdout, then stderr */
    public String output() {
        return "--- stdout\n" + out + "--- stderr\n" + err;
    }

    /** @return what was printed on stdout so far */
    public String stdout() {
        return out.toString();
    }

    /** @return what was printed on stderr so far */
    public String stderr() {
        return err.toString();
    }

    /**
     * Writes to the process's standard input.
     *
     * @param text the text
     */
    public void send(String text) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write(text.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /**
     * Sends a signal with {@code /bin/kill}.
     *
     * @param name e.g. TERM or INT
     */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("/bin/kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /**
     * Waits for the process to exit and for its output to be collected.
     *
     * @param timeout how long at most
     * @return its exit code
     * @throws AssertionError with the output if it is still running when the time is up
     */
    public int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(command + " still runs after " + timeout + ":\n" + output());
        }
        for (Thread r : readers) {
            r.join(5000);
        }
        return process.exitValue();
    }

    /** @return whether the process still runs */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return a loopback port that was free a moment ago */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Kills the process (and waits for it) if it still runs. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
