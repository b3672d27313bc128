package io.machinarium.samples;

import io.machinarium.core.CancelledException;
import io.machinarium.core.ClosedException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.CoroutineFailedException;
import io.machinarium.core.IoFailedException;
import io.machinarium.core.Machine;
import io.machinarium.core.MachinariumException;
import io.machinarium.net.IoContext;
import io.machinarium.net.ListenOptions;
import io.machinarium.net.Listener;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A listening socket and the coroutine that accepts on it: each connection is accepted
 * <em>detached</em> (attached to no machine) and given to a handler that hands it to a worker machine,
 * or closes it. Odyssey's acceptor machine, in a few lines:
 *
 * <pre>{@code
 * Acceptor a = Acceptor.start(rt.machine(0), "echo", address, ListenOptions.defaults(), workers::handOff);
 * ...
 * a.stop(Duration.ofSeconds(5));        // the port is closed when this returns
 * }</pre>
 *
 * <p>Accept errors (EMFILE: too many open files) do not stop it: the listener pauses and retries by
 * itself, and the acceptor logs the first error of a run on stderr, then one line once it accepts again.
 *
 * <p>Thread safety: {@link #start} and {@link #stop} may be called from any thread but the acceptor's
 * own machine (they wait for it).
 *
 * @deprecated serving is the library's now: {@link io.machinarium.net.server.Server} is the acceptor, the
 *     workers and the graceful drain in one. Kept while the bank sample serves through it.
 */
@Deprecated
public final class Acceptor {
    private final Listener listener;
    private final SocketAddress address;
    private final Coroutine loop;

    private Acceptor(Listener listener, Coroutine loop) {
        this.listener = listener;
        this.address = listener.localAddress();
        this.loop = loop;
    }

    /**
     * Binds on {@code machine} and starts accepting there. Blocks the caller until the socket listens.
     *
     * @param machine the machine that owns the listener and runs the accept loop
     * @param name names the accept coroutine (shown in coroutine dumps)
     * @param address where to listen (port 0: a free port; see {@link #address()})
     * @param options backlog and options of accepted connections
     * @param handler gets each accepted connection, detached, on the acceptor's coroutine; it owns the
     *     connection (hands it on or closes it) and must not block for long
     * @return the running acceptor
     * @throws SampleFailedException if the address cannot be bound
     */
    public static Acceptor start(Machine machine, String name, SocketAddress address, ListenOptions options,
                                 Consumer<IoContext> handler) {
        AtomicReference<Listener> bound = new AtomicReference<>();
        try {
            machine.spawn("bind " + name, () -> bound.set(Listener.bind(address, options))).join(Duration.ofSeconds(10));
        } catch (MachinariumException e) {
            Throwable cause = e instanceof CoroutineFailedException && e.getCause() != null ? e.getCause() : e;
            Throwable root = cause.getCause() != null ? cause.getCause() : cause;
            throw new SampleFailedException("cannot listen on " + HostPort.format(address) + ": " + root.getMessage(),
                    cause);
        }
        Listener listener = bound.get();
        Coroutine loop = machine.spawn("accept " + name, () -> acceptLoop(name, listener, handler));
        return new Acceptor(listener, loop);
    }

    private static void acceptLoop(String name, Listener listener, Consumer<IoContext> handler) {
        try (listener) {
            boolean failing = false;
            for (;;) {
                IoContext accepted;
                try {
                    accepted = listener.acceptDetached(null);
                } catch (IoFailedException e) {  // the listener reports a run of errors once, and retries
                    System.err.println("accept " + name + ": " + e.getMessage() + "; accepting goes on");
                    failing = true;
                    continue;
                }
                if (failing) {
                    failing = false;
                    System.err.println("accept " + name + ": accepting again (" + listener.acceptErrors()
                            + " accept error(s) since start)");
                }
                handler.accept(accepted);
            }
        } catch (CancelledException | ClosedException e) {
            // stopped
        }
    }

    /** @return the address the socket listens on, with the real port when bound to port 0 */
    public SocketAddress address() {
        return address;
    }

    /**
     * Stops accepting and closes the listening socket (new connections are refused from then on);
     * connections accepted before stay open. Waits for the accept coroutine to end.
     *
     * @param timeout how long to wait for it at most
     */
    public void stop(Duration timeout) {
        loop.cancel();
        try {
            loop.join(timeout);
        } catch (MachinariumException e) {
            listener.close();
        }
    }
}
