package io.machinarium.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A cluster node in a JVM of its own ({@link NodeMain}), driven by commands on its stdin; every line it
 * prints is kept, so a test waits for the line it expects. {@link #kill()} is {@code kill -9}.
 */
final class NodeProcess implements AutoCloseable {
    private final String node;
    private final Process process;
    private final Writer in;
    private final List<String> lines = new ArrayList<>();

    private NodeProcess(String node, Process process) {
        this.node = node;
        this.process = process;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(l);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "node-" + node + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts node {@code node} of cluster "test" against {@code servers} and waits until it has joined. */
    static NodeProcess start(String node, String servers, Path logDir) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-exports") || a.startsWith("--enable-native-access") || a.startsWith("--sun-misc")
                    || a.startsWith("-Dio.netty.leakDetection")) {
                cmd.add(a);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(NodeMain.class.getName());
        cmd.add(node);
        cmd.add(servers);
        Process p = new ProcessBuilder(cmd).redirectError(logDir.resolve(node + ".err").toFile()).start();
        NodeProcess n = new NodeProcess(node, p);
        n.await(l -> l.equals("ready"), Duration.ofSeconds(60));
        return n;
    }

    /** Sends one command line. */
    void send(String command) throws IOException {
        in.write(command + "\n");
        in.flush();
    }

    /** Sends a command and waits for the first line after it that passes {@code expected}. */
    String call(String command, Predicate<String> expected, Duration timeout) throws IOException {
        int from;
        synchronized (lines) {
            from = lines.size();
        }
        send(command);
        return awaitFrom(from, expected, timeout);
    }

    /** Waits for a line (already printed or to come) that passes {@code expected}. */
    String await(Predicate<String> expected, Duration timeout) {
        return awaitFrom(0, expected, timeout);
    }

    private String awaitFrom(int from, Predicate<String> expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            for (int i = from; ; ) {
                for (; i < lines.size(); i++) {
                    if (expected.test(lines.get(i))) {
                        return lines.get(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive() && i == lines.size()) {
                    throw new AssertionError("node " + node + " printed no expected line within " + timeout
                            + (process.isAlive() ? "" : " (it exited)") + "; it printed " + lines);
                }
                try {
                    lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    /** Every line printed so far. */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    long pid() {
        return process.pid();
    }

    /** {@code kill -9}: no goodbye, no clean leave. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            try {
                send("quit");
            } catch (IOException e) {
                // gone already
            }
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
