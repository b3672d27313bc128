package io.machinarium.net.server;

import io.machinarium.core.Coroutine;
import io.machinarium.core.MachinariumException;
import io.machinarium.core.Scope;
import io.machinarium.net.IoContext;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The acceptor → worker hand-off of one connection (Odyssey's shape): admitted under the limit or closed at
 * once, handed <em>detached</em> to a worker machine, where its own coroutine — a child of the server's
 * connection scope — attaches it, runs the handler and closes it. The coroutine contains the handler's
 * failure: a child that threw would fail the scope and cancel every other connection, and a server must not
 * die of one connection.
 *
 * <p>Thread: {@link #admit} on the acceptor machine, in an accept loop; the connection's coroutine on its
 * worker.
 */
final class HandOff {
    private final Workers workers;
    private final ConnectionHandler handler;
    private final ServerEvents events;
    private final ServerCounters counters;
    private final long limit;

    HandOff(Workers workers, ConnectionHandler handler, ServerEvents events, ServerCounters counters, long limit) {
        this.workers = workers;
        this.handler = handler;
        this.events = events;
        this.counters = counters;
        this.limit = limit;
    }

    /**
     * Admits an accepted connection: over the limit it is closed at once, else it goes to a worker.
     *
     * @param detached the connection, attached to no machine; owned by this call from now on
     * @param listener the name of the listener that accepted it
     * @param connections the server's connection scope
     */
    void admit(IoContext detached, String listener, Scope connections) {
        SocketAddress peer = detached.remoteAddress();
        if (counters.active() >= limit) {
            detached.close();  // detached: at once, nothing was read from it
            counters.refusedOne();
            events.overLimit(listener, peer, limit);
            return;
        }
        Workers.Worker w = workers.next();
        counters.opening();
        counters.handedOff();  // before the spawn: the worker may serve the connection before this line returns
        w.opened();
        try {
            connections.spawn(w.machine(), "client " + format(peer), () -> {
                serve(detached, w, peer);
                return null;
            });
        } catch (MachinariumException e) {  // the scope takes no child (the server stops) or the worker stops
            w.closed();
            counters.notHandedOff();
            detached.close();
        }
    }

    /** The connection's coroutine: attach, serve, close; whatever happens, only this connection ends. */
    private void serve(IoContext io, Workers.Worker w, SocketAddress peer) {
        Coroutine me = Coroutine.current();
        try (io) {
            io.attach();
            handler.serve(io);
        } catch (MachinariumException e) {
            // the peer went away, a timeout, or the server is stopping
        } catch (Throwable e) {  // an Error too: one connection's StackOverflowError is not the server's end
            events.connectionFailed(peer, e);
        } finally {
            w.closed();
            counters.ended(me.isCancelled());
        }
    }

    /** {@return a peer's address as dumps show it: HOST:PORT, a Unix peer's path (often empty)} */
    static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress a) {
            String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
            return (a.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + a.getPort();
        }
        return String.valueOf(address);
    }
}
