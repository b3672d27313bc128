package io.machinarium.samples;

import static io.machinarium.samples.Clients.T;
import static io.machinarium.samples.Clients.readyPort;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The network samples, started as a user would, shut down within their grace plus the margin the design
 * states ({@link Serving#SHUTDOWN_MARGIN}): from SIGTERM to the process's exit, with one idle connection
 * open that ignores the shutdown, and the connection is ended (EOF or reset), not left hanging.
 */
class ShutdownBoundIT {
    private static final Duration GRACE = Duration.ofMillis(1000);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"echo", "proxy", "bank"})
    void sigtermWithAnIdleConnectionExitsZeroWithinTheGracePlusTheMargin(String sample) throws Exception {
        List<String> args = switch (sample) {
            case "proxy" -> List.of("proxy", "--listen", "127.0.0.1:0", "--admin", "off");
            default -> List.of(sample, "--listen", "127.0.0.1:0");
        };
        String[] command = java.util.stream.Stream.concat(args.stream(),
                java.util.stream.Stream.of("--grace", Long.toString(GRACE.toMillis()))).toArray(String[]::new);
        try (ChildProcess p = ChildProcess.sample(command);
             Socket idle = Clients.connect(readyPort(p))) {
            exchange(sample, idle);
            long signalled = System.nanoTime();
            p.signal("TERM");
            int code = p.exitCode(T);
            Duration took = Duration.ofNanos(System.nanoTime() - signalled);
            System.out.println("ShutdownBoundIT: " + sample + " exited " + took.toMillis() + " ms after SIGTERM (grace "
                    + GRACE.toMillis() + " ms, margin " + Serving.SHUTDOWN_MARGIN.toMillis() + " ms)");
            assertThat(code).as(p.output()).isZero();
            assertThat(took).as("from SIGTERM to the exit").isLessThanOrEqualTo(GRACE.plus(Serving.SHUTDOWN_MARGIN));
            assertThat(end(idle)).as("the idle connection").isIn("eof", "reset");
            assertThat(p.stdout()).contains(sample + ": got SIGTERM");
        }
    }

    /** One round trip, so that the connection is served (attached to a worker), then left idle. */
    private static void exchange(String sample, Socket s) throws IOException {
        if (sample.equals("bank")) {
            s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: bank\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] head = new byte[12];
            assertThat(s.getInputStream().readNBytes(head, 0, head.length)).isEqualTo(head.length);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
        } else {
            s.getOutputStream().write('x');
            assertThat(s.getInputStream().read()).isEqualTo('x');
        }
    }

    /** Reads until the connection ends. @return "eof" or "reset" */
    private static String end(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            while (in.read(new byte[8192]) >= 0) {
                // the rest of a response, if any
            }
            return "eof";
        } catch (SocketException e) {
            return "reset";
        }
    }
}
