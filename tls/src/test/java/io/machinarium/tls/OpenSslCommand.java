package io.machinarium.tls;

import io.machinarium.core.testing.Await;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code openssl} command ({@code s_server} or {@code s_client}) as a peer of our code, on
 * loopback: its output (stdout and stderr together) is collected so that a test can wait for a line,
 * and {@link #close()} kills it.
 */
final class OpenSslCommand implements AutoCloseable {
    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;

    private OpenSslCommand(List<String> command) throws IOException {
        process = new ProcessBuilder(command).directory(TestCerts.DIR.toFile()).redirectErrorStream(true).start();
        reader = new Thread(() -> {
            byte[] buf = new byte[4096];
            try (InputStream in = process.getInputStream()) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    output.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "openssl-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Whether the openssl command is installed (the CI script installs it). */
    static boolean installed() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** A free loopback port (for s_server, which needs one named). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts {@code openssl s_server} on 127.0.0.1:port with the extra arguments and waits for "ACCEPT". */
    static OpenSslCommand server(int port, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port,
                "-naccept", "1"));
        cmd.addAll(List.of(args));
        OpenSslCommand c = new OpenSslCommand(cmd);
        try {
            c.await("ACCEPT", TlsTesting.T);
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Starts {@code openssl s_client} against 127.0.0.1:port with the extra arguments. */
    static OpenSslCommand client(int port, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port));
        cmd.addAll(List.of(args));
        return new OpenSslCommand(cmd);
    }

    /** Waits until the output contains {@code text}; fails with the output so far if it does not in time. */
    void await(String text, Duration timeout) throws InterruptedException {
        Await.until(timeout, () -> output.indexOf(text) >= 0 || !process.isAlive(),
                () -> "openssl never printed '" + text + "'; it printed:\n" + output);
        if (output.indexOf(text) < 0) {
            reader.join(1000);
            if (output.indexOf(text) >= 0) {
                return;
            }
            throw new AssertionError("openssl exited (" + process.exitValue() + ") without printing '" + text
                    + "'; it printed:\n" + output);
        }
    }

    /** Sends bytes to the command's standard input. */
    void send(String text) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write(text.getBytes(StandardCharsets.ISO_8859_1));
        in.flush();
    }

    /** Waits for the command to exit by itself. */
    boolean waitForExit(Duration timeout) throws InterruptedException {
        boolean done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        reader.join(1000);
        return done;
    }

    String output() {
        return output.toString();
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
