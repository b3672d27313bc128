package io.machinarium.bench.http;

import io.machinarium.bench.proc.Child;
import io.machinarium.bench.proc.Cores;
import java.time.Duration;
import java.util.List;

/**
 * A hello server in a process of its own and the port it listens on: one of {@link HelloServer}'s kinds in a
 * JVM with {@code -Xms512m -Xmx512m}, or nginx. Closing it stops the process.
 *
 * @param process the server's process
 * @param port where it listens on 127.0.0.1
 */
record HelloProcess(Child process, int port) implements AutoCloseable {
    /**
     * Starts a Java hello server on the server core, one thread, and waits until it listens.
     *
     * @param kind one of {@link HelloServer}'s kinds
     * @return the running server
     * @throws IllegalStateException if it exits or does not listen within 60 s
     */
    static HelloProcess java(String kind) {
        return java(kind, 1, Cores.server());
    }

    /**
     * Starts a Java hello server with {@code threads} machines, event loops or virtual-thread carriers
     * (whichever its kind has) and waits until it listens.
     *
     * @param kind one of {@link HelloServer}'s kinds
     * @param threads machines (ours), event loops (Netty) or carriers (virtual threads)
     * @param prefix the command prefix that pins it, or none
     * @return the running server
     * @throws IllegalStateException if it exits or does not listen within 60 s
     */
    static HelloProcess java(String kind, int threads, List<String> prefix) {
        int port = Child.freePort();
        List<String> cmd = Child.java(prefix, List.of("-Xms512m", "-Xmx512m",
                "-Djdk.virtualThreadScheduler.parallelism=" + threads), HelloServer.class.getName(), "--kind", kind,
                "--port", Integer.toString(port), "--threads", Integer.toString(threads));
        String name = "http-" + kind + (threads > 1 ? "-" + threads : "");
        return new HelloProcess(Child.start(name, cmd, null).awaitPort(port, Duration.ofSeconds(60)), port);
    }

    /**
     * Starts nginx and waits until it listens.
     *
     * @param workers worker processes
     * @param prefix the command prefix that pins it, or none
     * @return the running server
     * @throws IllegalStateException if it exits or does not listen within 30 s
     */
    static HelloProcess nginx(int workers, List<String> prefix) {
        int port = Child.freePort();
        return new HelloProcess(Nginx.start(port, workers, prefix), port);
    }

    @Override
    public void close() {
        process.close();
    }
}
