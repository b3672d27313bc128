package io.machinarium.samples;

import io.machinarium.core.ClosedException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.Machine;
import io.machinarium.core.MachinariumException;
import io.machinarium.core.RejectedException;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.channel.SharedChannel;
import io.machinarium.core.sync.WaitGroup;
import io.machinarium.net.IoContext;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Worker machines that serve connections handed to them, detached, through a shared channel (the IO
 * migration of Odyssey's acceptor/worker design). On each worker a dispatcher coroutine reads the
 * channel and spawns one coroutine per connection, which {@linkplain IoContext#attach() attaches} the
 * connection to its machine, runs the handler and closes the connection. The pool counts the
 * connections it holds, so that a shutdown can wait for them.
 *
 * <p>Thread safety: every method may be called from any thread or coroutine.
 *
 * @deprecated serving is the library's now: {@link io.machinarium.net.server.Server} is the acceptor, the
 *     workers and the graceful drain in one. Kept while the bank sample serves through it.
 */
@Deprecated
public final class WorkerPool {
    private final SharedChannel<IoContext> handoff = new SharedChannel<>();
    private final WaitGroup open = new WaitGroup();
    private final AtomicLong total = new AtomicLong();
    private final Set<Coroutine> serving = ConcurrentHashMap.newKeySet();
    private final Consumer<IoContext> handler;
    private volatile boolean cancelled;

    /**
     * Starts a dispatcher on each worker machine.
     *
     * @param workers the machines that serve connections
     * @param handler serves one attached connection in its own coroutine, blocking as it likes; the pool
     *     closes the connection when it returns or throws (a {@link MachinariumException} — a reset peer,
     *     a cancellation at shutdown — ends the connection quietly)
     */
    public WorkerPool(List<Machine> workers, Consumer<IoContext> handler) {
        this.handler = handler;
        for (Machine m : workers) {
            m.spawn("dispatcher", this::dispatch);
        }
    }

    /**
     * Hands a detached connection to the next free worker. Never blocks. Ownership passes to the pool.
     *
     * @param detached a connection attached to no machine (from {@code Listener.acceptDetached})
     */
    public void handOff(IoContext detached) {
        open.add(1);
        total.incrementAndGet();
        try {
            handoff.write(detached);
        } catch (MachinariumException e) {
            detached.close();
            open.done();
        }
    }

    private void dispatch() {
        for (;;) {
            IoContext io;
            try {
                io = handoff.read();
            } catch (ClosedException e) {
                return;
            }
            try {
                Machine.current().spawn("client " + HostPort.format(io.remoteAddress()), () -> serve(io));
            } catch (RejectedException e) {  // the machine is stopping
                io.close();
                open.done();
                return;
            }
        }
    }

    private void serve(IoContext io) {
        Coroutine me = Coroutine.current();
        serving.add(me);
        if (cancelled) {
            me.cancel();  // handed over after cancel() looked at the coroutines serving
        }
        try (io) {
            io.attach();
            handler.accept(io);
        } catch (MachinariumException e) {
            // the peer went away, or the sample is stopping
        } catch (RuntimeException e) {
            System.err.println("connection from " + HostPort.format(io.remoteAddress()) + " failed: " + e);
        } finally {
            serving.remove(me);
            open.done();
        }
    }

    /**
     * Cancels every connection being served and every one handed over from now on: their handlers'
     * blocking calls throw {@link io.machinarium.core.CancelledException}, and their connections are closed
     * at once (a cancelled close does not wait for unsent bytes). Returns at once; {@link #awaitIdle} waits.
     */
    public void cancel() {
        cancelled = true;
        for (Coroutine c : serving) {
            c.cancel();
        }
    }

    /** @return connections handed to the pool that have not ended yet */
    public long active() {
        return open.count();
    }

    /** @return connections handed to the pool since it started */
    public long total() {
        return total.get();
    }

    /**
     * Waits until every connection has ended. Suspends a coroutine, parks a thread.
     *
     * @param timeout how long to wait at most
     * @return true if none is left, false if some are still open when the time is up
     */
    public boolean awaitIdle(Duration timeout) {
        try {
            open.await(timeout);
            return true;
        } catch (TimedOutException e) {
            return false;
        }
    }

    /** Stops the dispatchers; connections not yet picked up are closed. */
    public void close() {
        handoff.close();
        for (IoContext io; (io = handoff.poll()) != null; ) {
            io.close();
            open.done();
        }
    }
}
