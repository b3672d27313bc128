package io.machinarium.net.server;

import io.machinarium.core.Machine;
import io.machinarium.core.Scope;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.sync.WaitFlag;
import java.time.Duration;
import java.util.List;

/**
 * A server's structured lifetime, run by its own coroutine on the acceptor machine (DESIGN §10: servers are
 * scopes, so shutdown is "cancel the scope, wait for the grace"). That coroutine owns two scopes: the
 * <em>connection scope</em>, whose children are the connections' coroutines on the workers, and inside it the
 * <em>accepting scope</em>, whose children are the accept loops. Stopping to accept cancels the accepting
 * scope and closes it (every listener is closed then); a drain joins the connection scope until the grace is
 * over, which cancels the connections still open and waits for them to end. If the server's coroutine is
 * cancelled — its machine or runtime stops — both scopes are cancelled with it.
 *
 * <p>No connection can fail the connection scope ({@link HandOff} contains every failure), so a drain ends
 * only by the connections ending or by the grace.
 *
 * <p>Thread safety: {@link #run} is the server coroutine's body; the requests and waits, any thread.
 */
final class ServerLifetime {
    private final WaitFlag stopAccepting = new WaitFlag();
    private final WaitFlag acceptingStopped = new WaitFlag();
    private final WaitFlag drain = new WaitFlag();
    /** When the drain's grace is over, on {@link System#nanoTime()}'s scale; written before {@link #drain} is set. */
    private volatile long drainDeadline;

    /** A listener bound for the server, with its name. */
    record Bound(String name, io.machinarium.net.Listener listener) {
    }

    /**
     * Accepts until told to stop, then drains until told to, then returns once every connection has ended.
     *
     * @param acceptor the calling coroutine's machine, which owns the listeners
     * @param listeners the bound listeners; each is closed by its accept loop, or here if none starts
     * @param handOff admits each connection
     * @param events where accept errors are told
     */
    void run(Machine acceptor, List<Bound> listeners, HandOff handOff, ServerEvents events) {
        try (Scope connections = Scope.open()) {
            accept(acceptor, listeners, handOff, connections, events);
            drain.await(null);
            try {
                connections.join(Duration.ofNanos(Math.max(0, drainDeadline - System.nanoTime())));
            } catch (TimedOutException e) {
                // the grace is over: the connections still open were cancelled, and have ended
            }
        } finally {
            acceptingStopped.set();
        }
    }

    private void accept(Machine acceptor, List<Bound> listeners, HandOff handOff, Scope connections,
                        ServerEvents events) {
        int started = 0;
        try (Scope accepting = Scope.open()) {
            try {
                for (; started < listeners.size(); started++) {
                    Bound b = listeners.get(started);
                    accepting.spawn(acceptor, "accept " + b.name(), () -> {
                        AcceptLoop.run(b.name(), b.listener(), handOff, connections, events);
                        return null;
                    });
                }
                stopAccepting.await(null);
            } finally {
                accepting.cancel();
                for (int i = started; i < listeners.size(); i++) {
                    listeners.get(i).listener().close();  // its loop never started
                }
            }
        } finally {
            acceptingStopped.set();  // the accept loops have ended: every listener is closed
        }
    }

    /** Asks the server to stop accepting; returns at once. */
    void requestStopAccepting() {
        stopAccepting.set();
    }

    /**
     * Waits until every listener is closed.
     *
     * @param timeout how long to wait at most
     * @return whether they are
     */
    boolean awaitAcceptingStopped(Duration timeout) {
        try {
            acceptingStopped.await(timeout);
            return true;
        } catch (TimedOutException e) {
            return false;
        }
    }

    /**
     * Asks the server to drain, once accepting has stopped: the first request's deadline holds.
     *
     * @param deadline when the grace is over, on {@link System#nanoTime()}'s scale
     */
    synchronized void requestDrain(long deadline) {
        if (!drain.isSet()) {
            drainDeadline = deadline;
            stopAccepting.set();
            drain.set();
        }
    }
}
