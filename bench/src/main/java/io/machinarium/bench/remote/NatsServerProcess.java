package io.machinarium.bench.remote;

import io.machinarium.bench.proc.Child;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code nats-server} of the {@code remote} scenario (Debian package {@code nats-server}): on 127.0.0.1
 * and a free port, with JetStream on in a temporary store (joining a cluster makes a key-value bucket),
 * every other setting its default, its log in {@code bench/results/logs/nats-server.log}. It is not
 * pinned: it is the transport between the two JVMs, as the kernel's loopback is for Pekko's TCP. Closing
 * stops it and deletes its store.
 */
final class NatsServerProcess implements AutoCloseable {
    private static final List<String> PLACES = List.of("/usr/sbin/nats-server", "/usr/bin/nats-server",
            "/usr/local/bin/nats-server");

    private final Child process;
    private final Path store;
    private final int port;

    private NatsServerProcess(Child process, Path store, int port) {
        this.process = process;
        this.store = store;
        this.port = port;
    }

    /** {@return the nats-server binary, or null where none is installed} */
    static String binary() {
        return PLACES.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
    }

    /**
     * Starts the server and waits until it accepts connections.
     *
     * @return the running server
     * @throws IllegalStateException if it is not installed or does not listen within 30 s
     */
    static NatsServerProcess start() {
        String bin = binary();
        if (bin == null) {
            throw new IllegalStateException("nats-server is not installed (Debian package nats-server)");
        }
        int port = Child.freePort();
        try {
            Path store = Files.createTempDirectory("bench-nats");
            Child c = Child.start("nats-server", List.of(bin, "-a", "127.0.0.1", "-p", Integer.toString(port), "-js",
                    "-sd", store.toString()), null);
            try {
                c.awaitPort(port, Duration.ofSeconds(30));
            } catch (RuntimeException e) {
                c.close();
                throw e;
            }
            return new NatsServerProcess(c, store, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@return the client URL} */
    String url() {
        return "nats://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.close();
        try (Stream<Path> files = Files.walk(store)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("# remote: could not delete " + store + ": " + e);
        }
    }
}
