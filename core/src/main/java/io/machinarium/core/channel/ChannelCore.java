package io.machinarium.core.channel;

import io.machinarium.core.CancelledException;
import io.machinarium.core.ClosedException;
import io.machinarium.core.RejectedException;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.spi.Blocker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The algorithm shared by both channels: a deque of messages, a FIFO of waiting reads and a FIFO of waiting
 * writes ({@link #put}), guarded by {@link #lock()}. The subclasses decide what the lock is: a spin lock
 * across threads, or a confinement check for a machine-local channel. Wake-ups happen after the lock is
 * released.
 *
 * <p>Waiting writes wait only while the queue is at the policy's limit, so readers and writers never wait
 * at the same time. Whoever takes a message out of a full queue lets the longest-waiting writer's message in
 * behind it, in the same critical section, claiming that writer's {@link Handoff} with one compare-and-set;
 * a writer that times out or is cancelled claims it first and keeps its message. So the queue stays full
 * while writers wait (a new write cannot overtake them), and every waiting message is either in the channel
 * or back with its writer, never both, never neither.
 */
abstract sealed class ChannelCore<T> implements Channel<T> permits SharedChannel, LocalChannel {
    private final ArrayDeque<T> queue = new ArrayDeque<>();
    private final LimitPolicy policy;
    private final HandoffList readers = new HandoffList();
    private final HandoffList writers = new HandoffList();
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
        Handoff.Node taker;
        lock();
        try {
            if (closed) {
                throw new ClosedException("channel is closed; the message was not taken");
            }
            taker = handToAReader(message);
            if (taker == null) {
                if (!writers.isEmpty() || !policy.admits(queue.size())) {
                    return false;  // writers waiting: the queue is full, and they came first
                }
                enqueue(message);
            }
        } finally {
            unlock();
        }
        wake(taker);
        return true;
    }

    @Override
    public final void put(T message) {
        put(message, null);
    }

    @Override
    public final void put(T message, Duration timeout) {
        Objects.requireNonNull(message, "message");
        Blocker.throwIfCancelled("channel put");
        long deadline = Blocker.deadline(timeout);
        Blocker me = Blocker.current();
        Handoff.Node taker;
        Handoff handoff = null;
        Handoff.Node node = null;
        lock();
        try {
            if (closed) {
                throw new ClosedException("channel is closed; the message was not taken");
            }
            taker = handToAReader(message);
            if (taker == null) {
                if (writers.isEmpty() && policy.hasRoom(queue.size())) {
                    enqueue(message);
                } else {
                    handoff = new Handoff(me, me.prepare(this));
                    node = new Handoff.Node(handoff, 0);
                    node.value = message;
                    writers.add(node);
                }
            }
        } finally {
            unlock();
        }
        if (handoff == null) {
            wake(taker);
            return;
        }
        Blocker.Outcome outcome = me.await(handoff.ticket, deadline);
        if (handoff.finish() != null) {
            return;  // a reader let it in, even if the timeout or a cancellation came at the same moment
        }
        removeWriter(node);
        node.value = null;
        throw switch (outcome) {
            case TIMED_OUT -> new TimedOutException("the channel stayed at its " + policy.kind() + " limit of "
                    + policy.limit() + " queued messages for " + timeout + "; the message was not taken");
            case CANCELLED -> new CancelledException("channel put was cancelled; the message was not taken");
            case WOKEN -> new ClosedException("channel was closed while the put waited; the message was not taken");
        };
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
        T m;
        Handoff.Node admitted;
        lock();
        try {
            m = takeQueued(false);
            admitted = m == null ? null : admitAWriter();
        } finally {
            unlock();
        }
        wake(admitted);
        return m;
    }

    private T take(boolean newest, long deadline, Duration timeout) {
        Blocker.throwIfCancelled("channel read");
        Blocker me = Blocker.current();
        Handoff handoff;
        Handoff.Node node;
        T m;
        Handoff.Node admitted = null;
        lock();
        try {
            m = takeQueued(newest);
            if (m != null) {
                admitted = admitAWriter();
                handoff = null;
                node = null;
            } else {
                if (closed) {
                    throw new ClosedException("channel is closed and empty");
                }
                handoff = new Handoff(me, me.prepare(this));
                node = new Handoff.Node(handoff, 0);
                readers.add(node);
            }
        } finally {
            unlock();
        }
        if (m != null) {
            wake(admitted);
            return m;
        }
        Blocker.Outcome outcome = me.await(handoff.ticket, deadline);
        Handoff.Node got = handoff.finish();
        if (got != null) {
            @SuppressWarnings("unchecked")
            T delivered = (T) got.value;
            return delivered;
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

    /** Hands {@code message} to the longest-waiting reader that is still waiting (the caller holds the lock). */
    private Handoff.Node handToAReader(T message) {
        for (Handoff.Node n = readers.poll(); n != null; n = readers.poll()) {
            n.value = message;
            if (n.handoff.deliver(n)) {
                return n;
            }
            n.value = null;  // that reader gave up a moment ago
        }
        return null;
    }

    private void enqueue(T message) {
        queue.addLast(message);
        size = queue.size();
    }

    /**
     * After a message was taken: lets the longest-waiting writer's message into the room it left, if a
     * writer is still waiting (the caller holds the lock).
     *
     * @return the writer to wake once the lock is released, or null
     */
    final Handoff.Node admitAWriter() {
        if (!policy.hasRoom(queue.size())) {
            return null;
        }
        for (Handoff.Node n = writers.poll(); n != null; n = writers.poll()) {
            if (n.handoff.deliver(n)) {  // claims the write: from here its message is the channel's
                @SuppressWarnings("unchecked")
                T m = (T) n.value;
                n.value = null;
                enqueue(m);
                return n;
            }
        }
        return null;
    }

    /** Wakes the reader or writer a hand-off was made with; call with the lock released. */
    static void wake(Handoff.Node n) {
        if (n != null) {
            n.handoff.blocker.wake(n.handoff.ticket);
        }
    }

    /** Takes a queued message (the caller holds the lock, and calls {@link #admitAWriter()} after it). */
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
        readers.add(n);
    }

    final void removeWaiter(Handoff.Node n) {
        lock();
        try {
            readers.remove(n);
        } finally {
            unlock();
        }
    }

    private void removeWriter(Handoff.Node n) {
        lock();
        try {
            writers.remove(n);
        } finally {
            unlock();
        }
    }

    @Override
    public final int size() {
        return size;
    }

    @Override
    public final void close() {
        closeAndTake(null);
    }

    @Override
    public final int close(Consumer<? super T> leftovers) {
        Objects.requireNonNull(leftovers, "leftovers");
        return closeAndTake(leftovers);
    }

    private int closeAndTake(Consumer<? super T> leftovers) {
        Handoff.Node waitingReaders;
        Handoff.Node waitingWriters;
        ArrayDeque<T> left = null;
        lock();
        try {
            if (!closed) {
                closed = true;
                waitingReaders = readers.takeAll();
                waitingWriters = writers.takeAll();
            } else {
                waitingReaders = waitingWriters = null;
            }
            if (leftovers != null && !queue.isEmpty()) {
                left = new ArrayDeque<>(queue);
                queue.clear();
                size = 0;
            }
        } finally {
            unlock();
        }
        wakeAll(waitingReaders);
        wakeAll(waitingWriters);  // each finds its hand-off unclaimed and keeps its message
        if (left == null) {
            return 0;
        }
        RuntimeException failed = null;
        for (T m : left) {
            try {
                leftovers.accept(m);
            } catch (RuntimeException e) {  // the others still get their turn: none is dropped unseen
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
        return left.size();
    }

    private static void wakeAll(Handoff.Node first) {
        for (Handoff.Node n = first; n != null; ) {
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
