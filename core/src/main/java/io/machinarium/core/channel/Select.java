package io.machinarium.core.channel;

import io.machinarium.core.CancelledException;
import io.machinarium.core.ClosedException;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.spi.Blocker;
import java.time.Duration;

/**
 * Waits on several channels at once and takes one message from the first that has one (beyond
 * machinarium, like Go's {@code select}). The other channels keep their messages: a read is registered
 * on each, but only one writer can claim it.
 *
 * <pre>{@code
 * Selected<Object> s = Select.read(Duration.ofSeconds(1), requests, shutdown);
 * if (s.index() == 1) return;            // a message on the shutdown channel
 * handle(s.message());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Select {
    private static final Object SELECT = new Object() {
        @Override
        public String toString() {
            return "select";
        }
    };

    private Select() {
    }

    /**
     * Takes the oldest message of the first channel (in argument order) that has one queued, or else
     * waits until any of them receives one.
     *
     * @param timeout how long to wait at most; null waits forever
     * @param channels the channels, at least one
     * @param <T> the common message type
     * @return the message and the index of its channel; the caller owns the message
     * @throws TimedOutException if no channel received a message in time
     * @throws CancelledException if the caller is or gets cancelled
     * @throws ClosedException if one of the channels is closed and empty
     */
    @SafeVarargs
    public static <T> Selected<T> read(Duration timeout, Channel<? extends T>... channels) {
        if (channels.length == 0) {
            throw new IllegalArgumentException("select needs at least one channel");
        }
        Blocker.throwIfCancelled("select");
        long deadline = Blocker.deadline(timeout);
        for (int i = 0; i < channels.length; i++) {
            T m = channels[i].poll();
            if (m != null) {
                return new Selected<>(i, m);
            }
        }
        Blocker me = Blocker.current();
        Handoff handoff = new Handoff(me, me.prepare(SELECT));
        Handoff.Node[] nodes = new Handoff.Node[channels.length];
        Selected<T> found = null;
        RuntimeException closed = null;
        Handoff.Node admitted = null;
        for (int i = 0; i < channels.length && found == null && closed == null; i++) {
            @SuppressWarnings("unchecked")
            ChannelCore<T> c = (ChannelCore<T>) channels[i];
            c.lock();
            try {
                T m = c.takeQueued(false);
                if (m != null || c.closedLocked()) {
                    if (handoff.finish() == null) {
                        if (m != null) {
                            found = new Selected<>(i, m);
                            admitted = c.admitAWriter();
                        } else {
                            closed = new ClosedException("channel " + i + " of the select is closed and empty");
                        }
                    } else if (m != null) {
                        c.requeueFirst(m);
                    }
                    break;
                }
                nodes[i] = new Handoff.Node(handoff, i);
                c.addWaiter(nodes[i]);
            } finally {
                c.unlock();
            }
        }
        ChannelCore.wake(admitted);
        Blocker.Outcome outcome;
        if (found != null || closed != null || !handoff.isOpen()) {
            outcome = me.withdraw(handoff.ticket);
        } else {
            outcome = me.await(handoff.ticket, deadline);
        }
        Handoff.Node got = handoff.finish();
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] != null) {
                ((ChannelCore<?>) channels[i]).removeWaiter(nodes[i]);
            }
        }
        if (got != null) {
            @SuppressWarnings("unchecked")
            T m = (T) got.value;
            return new Selected<>(got.index, m);
        }
        if (found != null) {
            return found;
        }
        if (closed != null) {
            throw closed;
        }
        throw switch (outcome) {
            case TIMED_OUT -> new TimedOutException("no channel of the select received a message within " + timeout);
            case CANCELLED -> new CancelledException("select was cancelled");
            case WOKEN -> new ClosedException("a channel of the select was closed while waiting");
        };
    }
}
