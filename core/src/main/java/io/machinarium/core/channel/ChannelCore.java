package io.machinarium.core.channel;

import io.machinarium.core.Blocker;
import io.machinarium.core.CancelledException;
import io.machinarium.core.ClosedException;
import io.machinarium.core.RejectedException;
import io.machinarium.core.TimedOutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * The algorithm shared by both channels: a deque of messages and a FIFO of waiting reads, guarded by
 * {@link #lock()}. The subclasses decide what the lock is: a spin lock across threads, or a
 * confinement check for a machine-local channel. Wake-ups happen after the lock is released.
 */
abstract sealed class ChannelCore<T> implements Channel<T> permits SharedChannel, LocalChannel {
    private final ArrayDeque<T> queue = new ArrayDeque<>();
    private final LimitPolicy policy;
    private Handoff.Node head;
    private Handoff.Node tail;
    private boolean closed;
    private volatile int size;

    ChannelCore(LimitPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    abstract void lock();

    abstract void unlock();

    @Override
    public final void write(T message) {
        if (!tryWrite(message)) {
            throw new RejectedException("channel is over its " + policy.kind() + " limit of " + policy.limit()
                    + " queued messages; the message was not taken");
        }
    }

    @Override
    public final boolean tryWrite(T message) {
        Objects.requireNonNull(message, "message");
        Handoff.Node taker = null;
        lock();
        try {
            if (closed) {
                throw new ClosedException("channel is closed; the message was not taken");
            }
            for (Handoff.Node n = pollWaiter(); n != null; n = pollWaiter()) {
                n.value = message;
                if (n.handoff.deliver(n)) {
                    taker = n;
                    break;
                }
                n.value = null;
            }
            if (taker == null) {
                if (!policy.admits(queue.size())) {
                    return false;
                }
                queue.addLast(message);
                size = queue.size();
            }
        } finally {
            unlock();
        }
        if (taker != null) {
            taker.handoff.blocker.wake(taker.handoff.ticket);
        }
        return true;
    }

    @Override
    public final T read() {
        return take(false, Blocker.NO_DEADLINE, null);
    }

    @Override
    public final T read(Duration timeout) {
        return take(false, Blocker.deadline(timeout), timeout);
    }

    @Override
    public final T readBack(Duration timeout) {
        return take(true, Blocker.deadline(timeout), timeout);
    }

    @Override
    public final T poll() {
        lock();
        try {
            return takeQueued(false);
        } finally {
            unlock();
        }
    }

    private T take(boolean newest, long deadline, Duration timeout) {
        Blocker.throwIfCancelled("channel read");
        Blocker me = Blocker.current();
        Handoff handoff;
        Handoff.Node node;
        lock();
        try {
            T m = takeQueued(newest);
            if (m != null) {
                return m;
            }
            if (closed) {
                throw new ClosedException("channel is closed and empty");
            }
            handoff = new Handoff(me, me.prepare(this));
            node = new Handoff.Node(handoff, 0);
            addWaiter(node);
        } finally {
            unlock();
        }
        Blocker.Outcome outcome = me.await(handoff.ticket, deadline);
        Handoff.Node got = handoff.finish();
        if (got != null) {
            @SuppressWarnings("unchecked")
            T m = (T) got.value;
            return m;
        }
        removeWaiter(node);
        throw failure(outcome, timeout);
    }

    RuntimeException failure(Blocker.Outcome outcome, Duration timeout) {
        return switch (outcome) {
            case TIMED_OUT -> new TimedOutException("no message arrived within " + timeout);
            case CANCELLED -> new CancelledException("channel read was cancelled");
            case WOKEN -> new ClosedException("channel was closed while waiting");
        };
    }

    /** Takes a queued message (the caller holds the lock). */
    final T takeQueued(boolean newest) {
        T m = newest ? queue.pollLast() : queue.pollFirst();
        if (m != null) {
            size = queue.size();
        }
        return m;
    }

    /** Puts back a message taken by a select that turned out to have one already (the caller holds the lock). */
    final void requeueFirst(T m) {
        queue.addFirst(m);
        size = queue.size();
    }

    final boolean closedLocked() {
        return closed;
    }

    /** Registers a waiting read (the caller holds the lock). */
    final void addWaiter(Handoff.Node n) {
        n.linked = true;
        n.prev = tail;
        if (tail == null) {
            head = n;
        } else {
            tail.next = n;
        }
        tail = n;
    }

    final void removeWaiter(Handoff.Node n) {
        lock();
        try {
            if (n.linked) {
                unlink(n);
            }
        } finally {
            unlock();
        }
    }

    private Handoff.Node pollWaiter() {
        Handoff.Node n = head;
        if (n != null) {
            unlink(n);
        }
        return n;
    }

    private void unlink(Handoff.Node n) {
        if (n.prev == null) {
            head = n.next;
        } else {
            n.prev.next = n.next;
        }
        if (n.next == null) {
            tail = n.prev;
        } else {
            n.next.prev = n.prev;
        }
        n.prev = n.next = null;
        n.linked = false;
    }

    @Override
    public final int size() {
        return size;
    }

    @Override
    public final void close() {
        Handoff.Node waiting;
        lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            waiting = head;
            for (Handoff.Node n = head; n != null; n = n.next) {
                n.linked = false;
            }
            head = tail = null;
        } finally {
            unlock();
        }
        for (Handoff.Node n = waiting; n != null; ) {
            Handoff.Node next = n.next;
            n.prev = n.next = null;
            n.handoff.blocker.wake(n.handoff.ticket);
            n = next;
        }
    }

    @Override
    public final boolean isClosed() {
        lock();
        try {
            return closed;
        } finally {
            unlock();
        }
    }
}
