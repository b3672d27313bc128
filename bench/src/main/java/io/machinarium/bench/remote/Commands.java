package io.machinarium.bench.remote;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The line protocol between the harness and the processes of the {@code remote} scenario, on their
 * standard input and output. A process prints {@code ready} once it can serve. A responder (JVM B) then
 * serves until its standard input closes. A driver (JVM A) reads one command a line —
 * {@code rtt N} (N round trips, answers nanoseconds per round trip) or {@code tell M} (M one-way payloads,
 * answers payloads per second) — and answers {@code result VALUE} or {@code error WHY}; it ends when its
 * standard input closes. Every other line on standard output (a library's log) is not part of the protocol.
 */
public final class Commands {
    /** What a process prints once it serves. */
    public static final String READY = "ready";
    /** The prefix of a driver's answer. */
    public static final String RESULT = "result ";
    /** The prefix of a driver's failure. */
    public static final String ERROR = "error ";

    /** What a driver measures; each call blocks until its run has finished. */
    public interface Driver {
        /**
         * Runs round trips.
         *
         * @param n how many, one after the other
         * @return nanoseconds per round trip
         * @throws Exception if one failed or timed out
         */
        double roundTrips(int n) throws Exception;

        /**
         * Runs one-way payloads under the window of {@link Workload}.
         *
         * @param m how many
         * @return payloads delivered per second
         * @throws Exception if the run failed or timed out
         */
        double tells(int m) throws Exception;
    }

    private static final PrintStream OUT = System.out;

    private Commands() {
    }

    /** Says the process serves. */
    public static void ready() {
        say(READY);
    }

    /**
     * A responder's life after {@link #ready()}: blocks until standard input closes.
     *
     * @throws IOException if standard input fails
     */
    public static void serveUntilStdinCloses() throws IOException {
        ready();
        System.in.readAllBytes();
    }

    /**
     * A driver's life: says it is ready, then runs each command it reads until standard input closes. A
     * failed command is answered with {@code error}; the driver goes on.
     *
     * @param driver what runs the commands
     * @throws IOException if standard input fails
     */
    public static void drive(Driver driver) throws IOException {
        ready();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] c = line.trim().split(" ");
            try {
                double v = switch (c[0]) {
                    case "rtt" -> driver.roundTrips(Integer.parseInt(c[1]));
                    case "tell" -> driver.tells(Integer.parseInt(c[1]));
                    default -> throw new IllegalArgumentException("unknown command '" + line + "'");
                };
                say(RESULT + String.format(Locale.ROOT, "%.3f", v));
            } catch (Exception e) {
                e.printStackTrace();
                say(ERROR + String.valueOf(e).replace('\n', ' '));
            }
        }
    }

    private static void say(String line) {
        synchronized (OUT) {
            OUT.println(line);
            OUT.flush();
        }
    }
}
