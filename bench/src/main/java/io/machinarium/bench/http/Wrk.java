package io.machinarium.bench.http;

import io.machinarium.bench.harness.WarmUp;
import io.machinarium.bench.proc.Child;
import io.machinarium.bench.proc.Cores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code wrk --latency} against 127.0.0.1 and reads its report: by default {@code -t1 -c100} on the load
 * core; the scaling scenarios choose threads, connections and pinning ({@link #run(int, Duration, Shape)}).
 */
final class Wrk {
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern P99 = Pattern.compile("\\n\\s+99(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\b");
    private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    private Wrk() {
    }

    /**
     * Warms a server in unmeasured rounds of {@code round} until its requests/s rise less than 5 % from one
     * round to the next, and for at least {@code minRounds} (at most 8). Each round opens 100 new connections
     * and closes them at its end, so that the JIT has seen connections start and end, and has compiled the
     * paths again, before anything is measured: the first close of a run deoptimises the hot read path (an
     * {@code unstable_if} on the end-of-stream branches) and a single warm-up round left the first measured
     * run of a JVM server recompiling it on the server's own core. Blocks until done.
     *
     * @param name what is warmed, for the progress line on standard error
     * @param port the server's port
     * @param round how long one round runs
     * @param minRounds the fewest rounds
     */
    static void warm(String name, int port, Duration round, int minRounds) {
        warm(name, port, round, minRounds, Shape.DEFAULT);
    }

    /**
     * Warms a server as {@link #warm(String, int, Duration, int)} does, loading it in the given shape; blocks
     * until done.
     *
     * @param name what is warmed, for the progress line on standard error
     * @param port the server's port
     * @param round how long one round runs
     * @param minRounds the fewest rounds
     * @param shape threads, connections, timeout and pinning of wrk
     */
    static void warm(String name, int port, Duration round, int minRounds, Shape shape) {
        WarmUp.untilSteady(name, "requests/s", true, minRounds, 8, () -> run(port, round, shape)[0]);
    }

    /**
     * Loads {@code http://127.0.0.1:port/} for {@code duration}; blocks until wrk ends.
     *
     * @param port the server's port
     * @param duration how long, whole seconds
     * @return requests per second and the 99th-percentile latency in milliseconds
     * @throws IllegalStateException if wrk failed, or any answer was not a 2xx/3xx
     */
    static double[] run(int port, Duration duration) {
        return run(port, duration, Shape.DEFAULT);
    }

    /**
     * How wrk loads a server: threads, connections, its request timeout and the pinning prefix.
     *
     * @param threads wrk's {@code -t}
     * @param connections wrk's {@code -c}
     * @param timeout wrk's {@code --timeout}, whole seconds (a request slower than that counts as a timeout)
     * @param prefix the command prefix that pins wrk, or none
     */
    record Shape(int threads, int connections, int timeout, List<String> prefix) {
        /** {@code -t1 -c100}, wrk's default timeout of 2 s, on the load core. */
        static final Shape DEFAULT = new Shape(1, 100, 2, Cores.load());

        /** @return how the rows name this load, e.g. {@code wrk -t1 -c100} */
        String describe() {
            return String.format(java.util.Locale.ROOT, "wrk -t%d -c%,d", threads, connections);
        }
    }

    /**
     * Loads {@code http://127.0.0.1:port/} for {@code duration} in the given shape; blocks until wrk ends.
     *
     * @param port the server's port
     * @param duration how long, whole seconds
     * @param shape threads, connections, timeout and pinning
     * @return requests per second and the 99th-percentile latency in milliseconds
     * @throws IllegalStateException if wrk failed, completed no request, or any answer was not a 2xx/3xx
     */
    static double[] run(int port, Duration duration, Shape shape) {
        List<String> cmd = new ArrayList<>(shape.prefix());
        cmd.addAll(List.of("wrk", "-t" + shape.threads(), "-c" + shape.connections(),
                "-d" + Math.max(1, duration.toSeconds()) + "s", "--timeout", shape.timeout() + "s", "--latency",
                "http://127.0.0.1:" + port + "/"));
        String out = Child.run(cmd, duration.plusSeconds(30));
        Matcher errors = ERRORS.matcher(out);
        if (errors.find()) {
            throw new IllegalStateException("wrk got " + errors.group(1) + " non-2xx answers from port " + port + ":\n"
                    + out);
        }
        Matcher rate = RATE.matcher(out);
        Matcher p99 = P99.matcher(out);
        if (!rate.find() || !p99.find()) {
            throw new IllegalStateException("cannot read wrk's report:\n" + out);
        }
        double v = Double.parseDouble(p99.group(1));
        double ms = switch (p99.group(2)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
        if (out.contains("Socket errors")) {
            System.err.printf(Locale.ROOT, "# wrk on port %d: %s%n", port,
                    out.lines().filter(l -> l.contains("Socket errors")).findFirst().orElse("").trim());
        }
        double requests = Double.parseDouble(rate.group(1));
        if (requests == 0) {
            // a zero is no figure: e.g. a run too short for wrk to open its connections (10,000 in 1 s)
            throw new IllegalStateException("wrk completed no request against port " + port + " in "
                    + duration.toSeconds() + " s with " + shape.connections() + " connections:\n" + out);
        }
        return new double[] {requests, ms};
    }
}
