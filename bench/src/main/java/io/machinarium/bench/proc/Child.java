package io.machinarium.bench.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A process the harness started (a server, a client fleet), its output in a log file under
 * {@code bench/results/logs}. Closing it sends SIGTERM to that one process, then SIGKILL if it is still
 * there after five seconds. Also runs load generators to completion ({@link #run}).
 */
public final class Child implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private Child(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts a process; does not wait for it to be ready.
     *
     * @param name for the log file and messages
     * @param command the command line
     * @param dir the working directory, or null for the harness's
     * @return the running process
     */
    public static Child start(String name, List<String> command, Path dir) {
        return start(name, command, dir, false);
    }

    /**
     * Starts a process whose standard output the caller reads ({@code process().getInputStream()}); its
     * standard error goes to the log.
     *
     * @param name for the log file and messages
     * @param command the command line
     * @return the running process
     */
    public static Child startPiped(String name, List<String> command) {
        return start(name, command, null, true);
    }

    private static Child start(String name, List<String> command, Path dir, boolean piped) {
        Path log = logs().resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(command);
        if (piped) {
            pb.redirectError(log.toFile());
        } else {
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
        }
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        try {
            return new Child(name, pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    /**
     * Blocks until something accepts TCP connections on 127.0.0.1:{@code port}.
     *
     * @param port the port
     * @param timeout how long to wait at most
     * @return this
     * @throws IllegalStateException if the process died or never listened in time (with its log's tail)
     */
    public Child awaitPort(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ": " + tail());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return this;
            } catch (IOException e) {
                pause(50);
            }
        }
        throw new IllegalStateException(name + " did not listen on port " + port + " within " + timeout + ": " + tail());
    }

    /** @return the process, e.g. to talk to its standard input */
    public Process process() {
        return process;
    }

    /** Stops the process (SIGTERM, then SIGKILL after five seconds) and waits for it. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** @return the last lines of the log */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * Runs a command to completion and returns what it printed (standard output and error).
     *
     * @param command the command line
     * @param timeout how long it may take
     * @return its output
     * @throws IllegalStateException if it failed or timed out
     */
    public static String run(List<String> command, Duration timeout) {
        Outcome o = attempt(command, timeout);
        if (o.timedOut()) {
            throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
        }
        if (o.exit() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + o.exit() + ": " + o.output());
        }
        return o.output();
    }

    /**
     * How a command run by {@link #attempt} ended.
     *
     * @param exit its exit status (meaningless if it timed out)
     * @param timedOut whether it was killed for running past its time
     * @param output what it printed, standard output and error together
     */
    public record Outcome(int exit, boolean timedOut, String output) {
    }

    /**
     * Runs a command to completion, or kills it (SIGKILL) once {@code timeout} has passed, and says how it
     * ended; blocks until then. A non-zero exit is not an error here.
     *
     * @param command the command line
     * @param timeout how long it may take
     * @return how it ended and what it printed
     * @throws UncheckedIOException if it cannot be started
     * @throws IllegalStateException if the calling thread is interrupted
     */
    public static Outcome attempt(List<String> command, Duration timeout) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[][] out = new byte[1][];
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    out[0] = p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    out[0] = new byte[0];
                }
            });
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                reader.join();
                return new Outcome(-1, true, new String(out[0]));
            }
            reader.join();
            return new Outcome(p.exitValue(), false, new String(out[0]));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * The command line that starts a Java main class of this jar in a new JVM with the flags coroutines need.
     *
     * @param prefix e.g. the pinning prefix from {@link Cores}
     * @param jvmFlags extra JVM flags (heap size, system properties)
     * @param mainClass the class
     * @param args its arguments
     * @return the command line
     */
    public static List<String> java(List<String> prefix, List<String> jvmFlags, String mainClass, String... args) {
        List<String> c = new ArrayList<>(prefix);
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.addAll(List.of("--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 23) {
            c.add("--sun-misc-unsafe-memory-access=allow");  // Netty's Unsafe use would warn on every start
        }
        c.addAll(jvmFlags);
        c.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        c.addAll(List.of(args));
        return c;
    }

    /** @return a TCP port on 127.0.0.1 that was free a moment ago */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path logs() {
        Path dir = Path.of(System.getProperty("bench.results", "bench/results"), "logs");
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause(long ms) {
        LockSupport.parkNanos(ms * 1_000_000L);
    }
}
