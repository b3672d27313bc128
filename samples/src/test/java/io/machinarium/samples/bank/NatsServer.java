package io.machinarium.samples.bank;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code nats-server} with JetStream on a temporary store, on loopback and a free port, for the
 * cluster bank's tests (a copy of what the cluster module's tests use: test code is not shared between
 * modules). Debian package {@code nats-server}; {@code .ci/run} installs it.
 */
final class NatsServer implements AutoCloseable {
    private static final String BINARY = find();

    private final Path dir;
    private final int port;
    private Process process;

    private NatsServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    private static String find() {
        for (String p : new String[] {"/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"}) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        return null;
    }

    /** Starts one server with JetStream; skips the calling test, saying why, where none is installed. */
    static NatsServer start() throws IOException {
        Assumptions.assumeTrue(BINARY != null, "nats-server is not installed (Debian package nats-server; .ci/run"
                + " installs it): skipping the test of the bank as a cluster, which needs a real NATS server");
        NatsServer s = new NatsServer(Files.createTempDirectory("nats"), freePort());
        s.launch();
        return s;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void launch() throws IOException {
        Path file = dir.resolve("nats.conf");
        Files.writeString(file, "server_name: bank_test\nlisten: 127.0.0.1:" + port + "\njetstream { store_dir: \""
                + dir.resolve("js") + "\" }\n");
        process = new ProcessBuilder(BINARY, "-c", file.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nats.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("nats-server exited: " + Files.readString(dir.resolve("nats.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);  // the server is starting
            }
        }
        throw new IOException("nats-server did not listen on " + port + " within 20 s");
    }

    /** {@return the client URL} */
    String url() {
        return "nats://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
