package io.machinarium.samples.proxy;

import io.machinarium.samples.ChildProcess;
import io.machinarium.samples.Clients;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Backends for the proxy tests: a real redis-server, and one-connection socket backends scripted by a test. */
final class TestBackends {
    private TestBackends() {
    }

    /**
     * Starts {@code redis-server} on a free loopback port, with no persistence, and waits until it is ready.
     *
     * @param dir its working directory
     * @return the process; its port is {@link #port}
     */
    static Redis redis(Path dir) throws IOException, InterruptedException {
        int port = ChildProcess.freePort();
        ChildProcess p = ChildProcess.start(dir, "redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString());
        try {
            p.await("Ready to accept connections", Clients.T);
        } catch (AssertionError | InterruptedException e) {
            p.close();
            throw e;
        }
        return new Redis(p, port);
    }

    /** A running redis-server. */
    record Redis(ChildProcess process, int port) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.close();
        }
    }

    /** The body of a scripted backend: gets the one connection it accepts. */
    interface Script {
        void run(Socket s) throws Exception;
    }

    /**
     * A backend that accepts one connection on a free loopback port and runs a script on it in a thread.
     *
     * @param script what it does with the connection
     * @return the backend; {@link OneShot#done} completes when the script has returned
     */
    static OneShot oneShot(Script script) throws IOException {
        ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try (server; Socket s = server.accept()) {
                s.setSoTimeout((int) Clients.T.toMillis());
                script.run(s);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        return new OneShot(server.getLocalPort(), done);
    }

    /**
     * A one-connection backend.
     *
     * @param port where it listens
     * @param done completes (or fails) when its script is over
     */
    record OneShot(int port, CompletableFuture<Void> done) {
        void await() throws Exception {
            done.get(Clients.T.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /**
     * Runs a command to its end.
     *
     * @param dir the working directory
     * @param command the command
     * @return its stdout and stderr, and exit code, as the last line "exit N"
     */
    static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = p.getInputStream()) {
                return in.readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        if (!p.waitFor(Clients.T.toSeconds() * 3, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        return new String(out.join()) + "exit " + p.exitValue();
    }
}
