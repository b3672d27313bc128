package io.machinarium.samples;

import io.machinarium.core.signal.Signal;
import io.machinarium.core.signal.SignalWait;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * What every network sample does around its work: says where it listens once it is ready, and on
 * SIGTERM or SIGINT stops accepting, gives open connections a grace period to finish, and returns so
 * that the sample can close its runtime and exit 0.
 */
public final class Serving {
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
     * Blocks the calling thread until SIGTERM or SIGINT, then stops the acceptors (new connections are
     * refused from then on) and waits up to {@code grace} for the pool's connections to end. Connections
     * still open after that are left for the runtime's close to cancel.
     *
     * @param sample the sample's name, for the messages
     * @param signals the signal wait opened by {@link #catchSignals()}
     * @param acceptors the listeners to stop
     * @param pool the connections to wait for
     * @param grace how long open connections may take to finish
     */
    public static void awaitShutdown(String sample, SignalWait signals, List<Acceptor> acceptors, WorkerPool pool,
                                     Duration grace) {
        awaitShutdown(sample, signals, acceptors, pool, grace, () -> { });
    }

    /**
     * As {@link #awaitShutdown(String, SignalWait, List, WorkerPool, Duration)}, running {@code onSignal}
     * first when the signal arrives (e.g. to tell keep-alive connections to close after their current
     * request).
     *
     * @param sample the sample's name, for the messages
     * @param signals the signal wait opened by {@link #catchSignals()}
     * @param acceptors the listeners to stop
     * @param pool the connections to wait for
     * @param grace how long open connections may take to finish
     * @param onSignal runs on the calling thread as soon as the signal arrives; must not block long
     */
    public static void awaitShutdown(String sample, SignalWait signals, List<Acceptor> acceptors, WorkerPool pool,
                                     Duration grace, Runnable onSignal) {
        Signal s = signals.await();
        onSignal.run();
        for (Acceptor a : acceptors) {
            a.stop(Duration.ofSeconds(5));
        }
        long open = pool.active();
        say(sample + ": got SIG" + s + ", stopped accepting; " + open + " connection(s) open, waiting up to "
                + grace.toMillis() + " ms for them");
        if (pool.awaitIdle(grace)) {
            say(sample + ": all connections finished, exiting");
        } else {
            say(sample + ": grace period over, closing " + pool.active() + " connection(s), exiting");
        }
        pool.close();
    }
}
