package io.machinarium.samples;

import io.machinarium.core.IoFailedException;
import io.machinarium.core.signal.Signal;
import io.machinarium.core.signal.SignalWait;
import io.machinarium.net.ListenFailedException;
import io.machinarium.net.server.ConnectionHandler;
import io.machinarium.net.server.DrainReport;
import io.machinarium.net.server.Server;
import io.machinarium.net.server.ServerBuilder;
import io.machinarium.net.server.ServerEvents;
import java.net.SocketAddress;
import java.time.Duration;

/**
 * What every network sample does around its {@link Server}: starts it with the samples' wording of a bind
 * failure ({@link #start}) and of its events ({@link Events}), says where it listens once it is ready, and on
 * SIGTERM or SIGINT shuts it down — stops accepting, gives open connections a grace period to finish — and
 * returns so that the sample can close its runtime and exit 0.
 *
 * <p>The shutdown is bounded: the process is gone at most {@code grace +} {@link #SHUTDOWN_MARGIN} after
 * the signal. Stopping the listeners and waiting for connections share the grace. Then the connections still
 * open are cancelled: a cancelled coroutine's blocking calls fail at once and a cancelled
 * {@link io.machinarium.net.IoContext#close() close} does not wait for unsent bytes (it resets), so they end
 * within a pass of their machines' schedulers; they get {@link #CANCEL_WAIT} ({@link Server#shutdown}). The runtime's close (and the
 * bank's actor system's) then waits at most {@link #CLOSE_TIMEOUT} (samples start their runtime with it as
 * the shutdown timeout; Netty's loops take at most 1 s of it to end). If the process is still there at the
 * margin's end anyway, a {@link ShutdownWatchdog} says so and halts it.
 */
public final class Serving {
    /** How long the connections cancelled when the grace is over get to end: the server's own margin. */
    public static final Duration CANCEL_WAIT = Server.CANCEL_WAIT;
    /** How long closing the runtime (and an actor system) waits for machines and actors: their shutdown timeout. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);
    /**
     * How long after the grace the process may take to be gone: {@link #CANCEL_WAIT}, then
     * {@link #CLOSE_TIMEOUT} for each of the runtime and an actor system.
     */
    public static final Duration SHUTDOWN_MARGIN = CANCEL_WAIT.plus(CLOSE_TIMEOUT).plus(CLOSE_TIMEOUT);

    private Serving() {
    }

    /**
     * Starts catching SIGINT and SIGTERM; open this before the sample is ready, so that a signal sent
     * right after the ready line is not lost (the JVM would otherwise exit at once).
     *
     * @return the open signal wait; close it when the sample ends
     */
    public static SignalWait catchSignals() {
        return SignalWait.open(Signal.INT, Signal.TERM);
    }

    /**
     * Prints a line on stdout and flushes it (samples print their state for people and tests to read).
     *
     * @param line the line
     */
    public static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /**
     * Prints the ready line, {@code listening on HOST:PORT}, for the sample's main listener.
     *
     * @param address the listener's bound address
     */
    public static void announce(SocketAddress address) {
        say("listening on " + HostPort.format(address));
    }

    /**
     * Starts a server, in the samples' words when a listener cannot be bound.
     *
     * @param builder the server, described
     * @param handler serves each connection
     * @return the running server
     * @throws SampleFailedException if a listener cannot be bound: {@code cannot listen on ADDRESS: REASON}
     */
    public static Server start(ServerBuilder builder, ConnectionHandler handler) {
        try {
            return builder.start(handler);
        } catch (ListenFailedException e) {
            throw new SampleFailedException("cannot listen on " + HostPort.format(e.address()) + ": " + e.reason(), e);
        }
    }

    /**
     * Blocks the calling thread until SIGTERM or SIGINT, then shuts the server down: stops accepting (new
     * connections are refused from then on) and lets its connections finish, within {@code grace}; cancels
     * those still open then, which get {@link #CANCEL_WAIT}. See
     * {@link #awaitShutdown(String, SignalWait, Server, Duration, Runnable)}.
     *
     * @param sample the sample's name, for the messages
     * @param signals the signal wait opened by {@link #catchSignals()}
     * @param server the server to shut down
     * @param grace how long open connections may take to finish
     */
    public static void awaitShutdown(String sample, SignalWait signals, Server server, Duration grace) {
        awaitShutdown(sample, signals, server, grace, () -> { });
    }

    /**
     * Blocks the calling thread until SIGTERM or SIGINT, runs {@code onSignal}, then shuts the server down
     * ({@link Server#shutdown}: stop accepting, drain within {@code grace}, cancel the rest). Arms a
     * {@link ShutdownWatchdog} that halts the process (exit 0, with a line on stderr) if it is still running
     * {@code grace +} {@link #SHUTDOWN_MARGIN} after the signal. Prints a line at each step, and one saying
     * what was forced.
     *
     * @param sample the sample's name, for the messages
     * @param signals the signal wait opened by {@link #catchSignals()}
     * @param server the server to shut down
     * @param grace how long open connections may take to finish
     * @param onSignal runs on the calling thread as soon as the signal arrives; must not block long
     */
    public static void awaitShutdown(String sample, SignalWait signals, Server server, Duration grace,
                                     Runnable onSignal) {
        Signal s = signals.await();
        long graceOver = armWatchdog(sample, s, grace);
        onSignal.run();
        server.stopAccepting(until(graceOver));
        say(sample + ": got SIG" + s + ", stopped accepting; " + server.active() + " connection(s) open, waiting up to "
                + grace.toMillis() + " ms for them");
        DrainReport r = server.shutdown(until(graceOver));
        if (r.clean()) {
            say(sample + ": all connections finished, exiting");
            return;
        }
        say(sample + ": grace period over, closing " + r.forced() + " connection(s), exiting");
        if (r.stillOpen() > 0) {
            say(sample + ": " + r.stillOpen() + " connection(s) still open " + CANCEL_WAIT.toMillis()
                    + " ms after being cancelled; stopping the runtime under them");
        }
    }

    /** Arms the watchdog for a signal just received. @return when the grace is over ({@link System#nanoTime()}) */
    private static long armWatchdog(String sample, Signal s, Duration grace) {
        long graceOver = System.nanoTime() + grace.toNanos();
        long deadline = graceOver + SHUTDOWN_MARGIN.toNanos();
        ShutdownWatchdog.arm(deadline, sample + ": still running " + (grace.plus(SHUTDOWN_MARGIN)).toMillis()
                + " ms after SIG" + s + ", forcing the exit", Serving::sayError, ShutdownWatchdog.halting(0));
        return graceOver;
    }

    /**
     * A server's events as the samples print them on stderr: the first accept error of a run ({@code accept
     * NAME: ...; accepting goes on}) and its end ({@code accept NAME: accepting again (N accept error(s) since
     * start)}), and a handler that failed with something other than a {@code MachinariumException}. A
     * connection refused over the limit is not printed; a sample that counts it overrides
     * {@link #overLimit}.
     */
    public static class Events implements ServerEvents {
        /** Creates the printing events. */
        public Events() {
        }

        @Override
        public void acceptFailed(String listener, SocketAddress address, IoFailedException error) {
            sayError("accept " + listener + ": " + error.getMessage() + "; accepting goes on");
        }

        @Override
        public void acceptingAgain(String listener, SocketAddress address, long acceptErrors) {
            sayError("accept " + listener + ": accepting again (" + acceptErrors + " accept error(s) since start)");
        }

        @Override
        public void overLimit(String listener, SocketAddress peer, long limit) {
            // closed unserved; the samples print nothing for it
        }

        @Override
        public void connectionFailed(SocketAddress peer, Throwable error) {
            sayError("connection from " + HostPort.format(peer) + " failed: " + error);
        }
    }

    /**
     * Prints a line on stderr and flushes it.
     *
     * @param line the line
     */
    public static void sayError(String line) {
        System.err.println(line);
        System.err.flush();
    }

    /** @return the time left until {@code deadline} (a {@link System#nanoTime()}), zero once it passed */
    private static Duration until(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }
}
