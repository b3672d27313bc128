package io.machinarium.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code nats-server} for tests (Debian package {@code nats-server}; {@code .ci/run} installs it),
 * with JetStream on a temporary store, on loopback and a free port; or a cluster of three with routes
 * between them. {@link #kill()} ends it as {@code kill -9} would, {@link #restart()} starts it again on the
 * same port and store.
 */
final class NatsServer implements AutoCloseable {
    private static final String BINARY = find();

    private final Path dir;
    private final int port;
    private final int clusterPort;
    private final List<Integer> routes;
    private final String extraConfig;
    private final String name;
    private final int httpPort;
    private Process process;

    private NatsServer(String name, Path dir, int port, int clusterPort, List<Integer> routes, String extraConfig) {
        this.name = name;
        this.dir = dir;
        this.port = port;
        this.clusterPort = clusterPort;
        this.routes = routes;
        this.extraConfig = extraConfig;
        try {
            this.httpPort = freePort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String find() {
        for (String p : new String[] {"/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"}) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        return null;
    }

    /** {@return whether nats-server is installed here} */
    static boolean installed() {
        return BINARY != null;
    }

    /** Skips the calling test, saying why, where no nats-server is installed. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(BINARY != null, "nats-server is not installed (Debian package nats-server; .ci/run"
                + " installs it): skipping the test that needs a real NATS server");
    }

    /** One server with JetStream. */
    static NatsServer start() throws IOException {
        return start("");
    }

    /** One server with JetStream and extra configuration lines (authorization, tls, limits). */
    static NatsServer start(String extraConfig) throws IOException {
        assumeInstalled();
        NatsServer s = new NatsServer("n1", Files.createTempDirectory("nats"), freePort(), -1, List.of(), extraConfig);
        s.launch();
        return s;
    }

    /** Three servers routed into one NATS cluster, each with JetStream. */
    static List<NatsServer> startCluster() throws IOException {
        assumeInstalled();
        int[] cports = {freePort(), freePort(), freePort()};
        List<NatsServer> out = new ArrayList<>();
        Path base = Files.createTempDirectory("nats-cluster");
        for (int i = 0; i < 3; i++) {
            List<Integer> others = new ArrayList<>();
            for (int j = 0; j < 3; j++) {
                if (j != i) {
                    others.add(cports[j]);
                }
            }
            Path d = Files.createDirectories(base.resolve("s" + i));
            out.add(new NatsServer("s" + i, d, freePort(), cports[i], others, ""));
        }
        for (NatsServer s : out) {
            s.launch();
        }
        for (NatsServer s : out) {
            s.awaitJetStreamLeader(Duration.ofSeconds(120));
        }
        return out;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void launch() throws IOException {
        StringBuilder conf = new StringBuilder();
        conf.append("server_name: ").append(name).append('\n');
        conf.append("listen: 127.0.0.1:").append(port).append('\n');
        conf.append("http: 127.0.0.1:").append(httpPort).append('\n');
        conf.append("jetstream { store_dir: \"").append(dir.resolve("js")).append("\" }\n");
        if (clusterPort > 0) {
            conf.append("cluster { name: mc_test\n listen: 127.0.0.1:").append(clusterPort).append("\n routes: [\n");
            for (int r : routes) {
                conf.append("  \"nats-route://127.0.0.1:").append(r).append("\"\n");
            }
            conf.append(" ]\n}\n");
        }
        conf.append(extraConfig).append('\n');
        Path file = dir.resolve("nats.conf");
        Files.writeString(file, conf);
        process = new ProcessBuilder(BINARY, "-c", file.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nats.log").toFile()).start();
        awaitListening(Duration.ofSeconds(20));
    }

    private void awaitListening(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
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
        throw new IOException("nats-server did not listen on " + port + " within " + timeout);
    }

    /**
     * Waits until this server's JetStream knows its cluster's meta leader, so that JetStream requests are
     * answered (a cluster that has just started answers none until it has elected one; a loaded machine
     * takes long). Polls the monitoring endpoint: nothing else signals it.
     */
    void awaitJetStreamLeader(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI jsz = java.net.URI.create("http://127.0.0.1:" + httpPort + "/jsz");
        while (System.nanoTime() < deadline) {
            try {
                String body = http.send(java.net.http.HttpRequest.newBuilder(jsz).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                if (body.contains("\"leader\":")) {
                    return;
                }
            } catch (IOException e) {
                // not answering yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000);
        }
        throw new IOException("JetStream of nats-server " + name + " elected no leader within " + timeout + ": " + log());
    }

    /** {@return the client URL} */
    String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** Ends the server at once ({@code kill -9}). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Starts it again on the same port and store. */
    void restart() throws IOException {
        launch();
    }

    /** {@return the server's log so far} */
    String log() throws IOException {
        return Files.readString(dir.resolve("nats.log"));
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
