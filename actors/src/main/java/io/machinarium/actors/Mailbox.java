package io.machinarium.actors;

import io.machinarium.core.CancelledException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.spi.Blocker;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * One actor's mailbox: messages and signals in arrival order, the bound and its overflow policy, and the
 * blocking take — plain or selective (the oldest message that passes a filter, leaving the others in
 * their order).
 *
 * <p>Bounds: a {@link Overflow#REJECT} bound is checked by the sender, on its own thread, with one atomic
 * reservation per message, so that a full mailbox fails the {@code tell} itself; the reservation is given
 * back when the message is taken (or dropped). A {@link Overflow#DROP_OLDEST} bound is applied on the
 * actor's machine when the message arrives. Signals (an {@link Exit}, a {@link Down}) are never counted.
 *
 * <p>Thread: {@link #reserve()} and {@link #unreserve()} from any thread; everything else on the actor's
 * machine thread. The queue is made at the first message, so an actor that never got one costs nothing
 * for it.
 */
final class Mailbox {
    private final int capacity;
    private final Overflow overflow;
    /** Messages sent and not yet taken, for a REJECT-bounded mailbox only; null otherwise. */
    private final AtomicInteger reserved;
    private ArrayDeque<Object> queue;
    /** Messages (not signals) queued. */
    private int queued;
    /** The ticket of the actor's coroutine while it waits in {@link #take}; -1 otherwise. */
    private long waitTicket = -1;
    private Coroutine waiter;

    /** A signal's message (an exit, a down) queued in the mailbox: never counted against the bound. */
    private record SignalMessage(Object message) {
    }

    Mailbox(int capacity, Overflow overflow) {
        this.capacity = capacity;
        this.overflow = overflow;
        this.reserved = capacity > 0 && overflow == Overflow.REJECT ? new AtomicInteger() : null;
    }

    /**
     * Any thread: claims room for one message of a REJECT-bounded mailbox.
     *
     * @return false if the mailbox is full (nothing was claimed)
     */
    boolean reserve() {
        if (reserved != null && reserved.incrementAndGet() > capacity) {
            reserved.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Any thread: gives back room claimed by {@link #reserve()} for a message that was not queued. */
    void unreserve() {
        if (reserved != null) {
            reserved.decrementAndGet();
        }
    }

    int capacity() {
        return capacity;
    }

    /**
     * Queues a message (its room already reserved) and wakes the actor if it waits. With DROP_OLDEST and a
     * full mailbox the oldest message makes room.
     *
     * @return the message dropped to make room, or null
     */
    Object add(Object message) {
        Object dropped = null;
        if (overflow == Overflow.DROP_OLDEST && capacity > 0 && queued >= capacity) {
            dropped = dropOldest();
        }
        queue().addLast(message);
        queued++;
        wakeTaker();
        return dropped;
    }

    /** Queues a signal's message: ignores the bound. Wakes the actor if it waits. */
    void addSignal(Object message) {
        queue().addLast(new SignalMessage(message));
        wakeTaker();
    }

    private ArrayDeque<Object> queue() {
        ArrayDeque<Object> q = queue;
        if (q == null) {
            q = queue = new ArrayDeque<>(3);
        }
        return q;
    }

    private Object dropOldest() {
        for (Iterator<Object> it = queue().iterator(); it.hasNext();) {
            Object m = it.next();
            if (!(m instanceof SignalMessage)) {
                it.remove();
                queued--;
                return m;
            }
        }
        return null;
    }

    private void wakeTaker() {
        long t = waitTicket;
        if (t >= 0) {
            waitTicket = -1;
            waiter.wake(t);
        }
    }

    /**
     * Takes the first message that passes the filter (the first of all when null), suspending the actor's
     * coroutine {@code me} until one arrives or the deadline passes.
     *
     * @param cell the actor: what the coroutine dump shows it waits on, and named in the exception message
     * @param call the call that waits ({@code receive} and the like), named in the exception message; the
     *     message is made only if the wait is cancelled, never per receive
     * @return the message, or null on timeout
     * @throws CancelledException if the coroutine is or gets cancelled
     */
    Object take(Coroutine me, Predicate<Object> filter, long deadline, ActorCell<?> cell, String call) {
        for (;;) {
            Object m = filter == null ? takeFirst() : scan(filter);
            if (m != null) {
                return m;
            }
            long t = me.prepare(cell);
            waiter = me;
            waitTicket = t;
            Blocker.Outcome o = me.await(t, deadline);
            waitTicket = -1;
            if (o == Blocker.Outcome.CANCELLED) {
                throw new CancelledException(call + " of actor '" + cell.name() + "' was cancelled");
            }
            if (o == Blocker.Outcome.TIMED_OUT) {
                return filter == null ? takeFirst() : scan(filter);
            }
        }
    }

    private Object takeFirst() {
        if (queue == null) {
            return null;
        }
        Object m = queue.pollFirst();
        if (m instanceof SignalMessage s) {
            return s.message();
        }
        if (m != null) {
            queued--;
            unreserve();
        }
        return m;
    }

    private Object scan(Predicate<Object> filter) {
        if (queue == null) {
            return null;
        }
        for (Iterator<Object> it = queue.iterator(); it.hasNext();) {
            Object m = it.next();
            boolean signal = m instanceof SignalMessage;
            Object message = signal ? ((SignalMessage) m).message() : m;
            if (filter.test(message)) {
                it.remove();
                if (!signal) {
                    queued--;
                    unreserve();
                }
                return message;
            }
        }
        return null;
    }

    /** Messages and signals queued now. */
    int size() {
        return queue == null ? 0 : queue.size();
    }

    /** At the actor's exit: hands every queued message and signal to {@code left}, and frees the bound. */
    void drain(java.util.function.Consumer<Object> left) {
        for (Object m; queue != null && (m = queue.pollFirst()) != null;) {
            left.accept(m instanceof SignalMessage s ? s.message() : m);
        }
        queued = 0;
        if (reserved != null) {
            reserved.set(0);
        }
    }
}
