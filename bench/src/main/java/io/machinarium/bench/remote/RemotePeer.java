package io.machinarium.bench.remote;

import io.machinarium.bench.proc.Child;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One JVM of the {@code remote} scenario as the harness sees it: started with {@link Child}, spoken to
 * through {@link Commands}' line protocol on its standard input and output (its standard error goes to its
 * log). Lines that are not part of the protocol are copied to the harness's standard error. Closing it
 * closes its standard input — it leaves its cluster or system and exits — and stops it if it has not
 * exited within ten seconds.
 */
final class RemotePeer implements AutoCloseable {
    private final String name;
    private final Child child;
    private final BufferedReader out;
    private final OutputStream in;

    private RemotePeer(String name, Child child) {
        this.name = name;
        this.child = child;
        this.out = new BufferedReader(new InputStreamReader(child.process().getInputStream(), StandardCharsets.UTF_8));
        this.in = child.process().getOutputStream();
    }

    /**
     * Starts a JVM running {@code main} of this jar; does not wait for it to be ready.
     *
     * @param name for its log file and messages
     * @param pinning the pinning prefix ({@link io.machinarium.bench.proc.Cores})
     * @param jvmFlags heap and the like
     * @param main its main class
     * @param args its arguments
     * @return the peer
     */
    static RemotePeer start(String name, List<String> pinning, List<String> jvmFlags, Class<?> main, String... args) {
        return new RemotePeer(name, Child.startPiped(name, Child.java(pinning, jvmFlags, main.getName(), args)));
    }

    /**
     * Blocks until the peer says it is ready.
     *
     * @return this
     * @throws IllegalStateException if it exited first (with its log's tail)
     */
    RemotePeer awaitReady() {
        String line = next();
        if (!Commands.READY.equals(line)) {
            throw new IllegalStateException(name + " did not start: " + line + "; " + child.tail());
        }
        return this;
    }

    /**
     * Runs one command of {@link Commands} and blocks until its answer.
     *
     * @param command e.g. {@code rtt 10000}
     * @return the figure
     * @throws IllegalStateException if the peer answered with an error or exited
     */
    double measure(String command) {
        try {
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new IllegalStateException(name + " cannot take '" + command + "': " + e + "; " + child.tail(), e);
        }
        String line = next();
        if (line == null || !line.startsWith(Commands.RESULT)) {
            throw new IllegalStateException(name + " failed '" + command + "': " + line + "; " + child.tail());
        }
        return Double.parseDouble(line.substring(Commands.RESULT.length()));
    }

    /** The next protocol line, or null at the end of the output. */
    private String next() {
        try {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.equals(Commands.READY) || line.startsWith(Commands.RESULT) || line.startsWith(Commands.ERROR)) {
                    return line;
                }
                System.err.println("# " + name + ": " + line);
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            in.close();
            if (!child.process().waitFor(10, TimeUnit.SECONDS)) {
                System.err.println("# " + name + " did not exit within 10 s of its input closing; stopping it");
            }
        } catch (IOException e) {
            // it is gone already
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            child.close();
        }
    }
}
