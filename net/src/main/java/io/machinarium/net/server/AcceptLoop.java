package io.machinarium.net.server;

import io.machinarium.core.CancelledException;
import io.machinarium.core.ClosedException;
import io.machinarium.core.IoFailedException;
import io.machinarium.core.Scope;
import io.machinarium.net.IoContext;
import io.machinarium.net.Listener;
import java.net.SocketAddress;

/**
 * One listener's accept loop: accepts connections detached and admits each ({@link HandOff}) until it is
 * cancelled, then closes the listener (the port refuses connections from then on). Accept errors are
 * transient — the listener pauses and retries by itself — so the loop tells the first error of a run
 * ({@link ServerEvents#acceptFailed}) and the run's end ({@link ServerEvents#acceptingAgain}), and goes on.
 *
 * <p>Thread: a coroutine of the acceptor machine, the listener's own.
 */
final class AcceptLoop {
    private AcceptLoop() {
    }

    /**
     * Accepts until cancelled; closes the listener when it ends.
     *
     * @param name the listener's name
     * @param listener the listener, of the calling coroutine's machine
     * @param handOff admits each connection
     * @param connections the server's connection scope
     * @param events where accept errors are told
     */
    static void run(String name, Listener listener, HandOff handOff, Scope connections, ServerEvents events) {
        SocketAddress at = listener.localAddress();
        try (listener) {
            boolean failing = false;
            for (;;) {
                IoContext accepted;
                try {
                    accepted = listener.acceptDetached(null);
                } catch (IoFailedException e) {  // reported once for a run of errors; the listener retries
                    failing = true;
                    events.acceptFailed(name, at, e);
                    continue;
                }
                if (failing) {
                    failing = false;
                    events.acceptingAgain(name, at, listener.acceptErrors());
                }
                handOff.admit(accepted, name, connections);
            }
        } catch (CancelledException | ClosedException e) {
            // the server stops accepting, or its machine is ending
        }
    }
}
