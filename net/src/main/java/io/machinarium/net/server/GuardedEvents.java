package io.machinarium.net.server;

import io.machinarium.core.IoFailedException;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A program's {@link ServerEvents}, behind a guard: an exception one of them throws is logged and goes no
 * further, so that a faulty callback never ends an accept loop or a connection's bookkeeping.
 */
final class GuardedEvents implements ServerEvents {
    private static final Logger LOG = LoggerFactory.getLogger(Server.class);

    private final ServerEvents events;

    GuardedEvents(ServerEvents events) {
        this.events = events;
    }

    @Override
    public void acceptFailed(String listener, SocketAddress address, IoFailedException error) {
        guard(() -> events.acceptFailed(listener, address, error));
    }

    @Override
    public void acceptingAgain(String listener, SocketAddress address, long acceptErrors) {
        guard(() -> events.acceptingAgain(listener, address, acceptErrors));
    }

    @Override
    public void overLimit(String listener, SocketAddress peer, long limit) {
        guard(() -> events.overLimit(listener, peer, limit));
    }

    @Override
    public void connectionFailed(SocketAddress peer, Throwable error) {
        guard(() -> events.connectionFailed(peer, error));
    }

    private static void guard(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("a server event callback failed", e);
        }
    }
}
