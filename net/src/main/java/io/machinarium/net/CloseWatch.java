package io.machinarium.net;

import io.machinarium.core.Machine;
import io.machinarium.core.RejectedException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is told when an IO context's connection has closed ({@link IoContext#onClose}): by this side's close or
 * reset, by the peer's reset, by an IO failure — the moments Netty's channel closes (a half-close by either
 * side does not close it). A program that waits on one side of a connection sees the other side go away
 * this way, without a coroutine waiting on it.
 *
 * <p>Callbacks run on the machine that owns the context when the close is seen, outside any coroutine: from
 * the channel's close future when that runs on the owner, else as a task of the owner (following the context
 * if it moved meanwhile). A context closed while detached tells its callbacks once it is attached again.
 *
 * <p>Thread: {@link #add} on the owning machine; {@link #channelClosed} from Netty's close future on whichever
 * loop the channel was last registered with; {@link #attached} on the machine that attached the context.
 */
final class CloseWatch {
    private static final Logger LOG = LoggerFactory.getLogger(CloseWatch.class);

    private final IoContext io;
    /** Touched on the owning machine only; a move hands it over with the context. */
    private List<Runnable> callbacks;
    private boolean told;

    CloseWatch(IoContext io) {
        this.io = io;
    }

    /** Adds a callback; one added once the close was told runs soon, as a task of the owner. */
    void add(Machine owner, Runnable callback) {
        if (told) {
            try {
                owner.execute(callback);
            } catch (RejectedException e) {
                // the machine is ending: nothing is left to tell
            }
            return;
        }
        if (callbacks == null) {
            callbacks = new ArrayList<>(2);
        }
        callbacks.add(callback);
    }

    /** The channel closed: tell the callbacks on the owner. */
    void channelClosed() {
        Machine m = io.owner;
        if (m == null) {
            return;  // detached: attached() tells them
        }
        if (Machine.current() == m) {
            tell();
            return;
        }
        try {
            m.execute(() -> {
                if (io.owner == m) {
                    tell();
                } else {
                    channelClosed();  // moved meanwhile: follow it
                }
            });
        } catch (RejectedException e) {
            // the machine has ended: so have the callbacks' subjects
        }
    }

    /** The context was attached; a channel that closed while it was detached is told now. */
    void attached() {
        if (!io.channel.isOpen()) {
            channelClosed();
        }
    }

    private void tell() {
        if (told) {
            return;
        }
        told = true;
        List<Runnable> all = callbacks;
        callbacks = null;
        if (all == null) {
            return;
        }
        for (Runnable r : all) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("a close callback of {} failed", io, e);
            }
        }
    }
}
