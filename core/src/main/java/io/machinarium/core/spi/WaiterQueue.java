package io.machinarium.core.spi;

/**
 * A FIFO of waits — (blocker, ticket) pairs — that a blocking primitive keeps while its callers sleep.
 * Building block for joins, completions, signal waits and user primitives; it works for coroutines and
 * plain threads alike.
 *
 * <p>The usual pattern closes the race between "check" and "sleep" by publishing first and checking
 * again:
 * <pre>{@code
 * while (!ready()) {
 *     long t = me.prepare(this);
 *     WaiterQueue.Node n = waiters.add(me, t);
 *     if (ready()) me.wake(t);               // became ready meanwhile: do not sleep
 *     me.await(t, deadline);
 *     waiters.remove(n);
 * }
 * }</pre>
 *
 * <p>Thread safety: every method may be called from any thread or coroutine. Each method holds the
 * queue's monitor for a few field writes and never suspends while holding it.
 *
 * @since 0.1.0
 */
public final class WaiterQueue {
    /**
     * One published wait.
     *
     * @since 0.1.0
     */
    public static final class Node {
        final Blocker blocker;
        final long ticket;
        final Object attachment;
        Node prev;
        Node next;
        boolean linked;

        Node(Blocker blocker, long ticket, Object attachment) {
            this.blocker = blocker;
            this.ticket = ticket;
            this.attachment = attachment;
        }

        /**
         * The waiting coroutine or thread.
         *
         * @return the blocker this node wakes
         */
        public Blocker blocker() {
            return blocker;
        }

        /**
         * What the waiter published with its wait ({@link WaiterQueue#add(Blocker, long, Object)}).
         *
         * @return the attachment, or null
         */
        public Object attachment() {
            return attachment;
        }

        /**
         * Wakes this node's wait.
         *
         * @return true if this call decided the wait, false if it had already ended
         */
        public boolean wake() {
            return blocker.wake(ticket);
        }
    }

    private Node head;
    private Node tail;
    private int size;

    /** Creates an empty queue. */
    public WaiterQueue() {
    }

    /**
     * Appends a wait.
     *
     * @param blocker who waits
     * @param ticket the wait's ticket from {@link Blocker#prepare}
     * @return the node, to pass to {@link #remove} when the wait ends without being woken
     */
    public Node add(Blocker blocker, long ticket) {
        return add(blocker, ticket, null);
    }

    /**
     * Appends a wait together with a value for whoever takes the node ({@link Node#attachment()}), such
     * as the waiter's value that a wait list hands to its notifier.
     *
     * @param blocker who waits
     * @param ticket the wait's ticket from {@link Blocker#prepare}
     * @param attachment the value to keep with the wait; may be null
     * @return the node, to pass to {@link #remove} when the wait ends without being woken
     */
    public synchronized Node add(Blocker blocker, long ticket, Object attachment) {
        Node n = new Node(blocker, ticket, attachment);
        n.linked = true;
        n.prev = tail;
        if (tail == null) {
            head = n;
        } else {
            tail.next = n;
        }
        tail = n;
        size++;
        return n;
    }

    /**
     * Unlinks a node if it is still queued (a wait that timed out or was cancelled).
     *
     * @param n the node returned by {@link #add}
     * @return true if the node was still queued
     */
    public synchronized boolean remove(Node n) {
        if (!n.linked) {
            return false;
        }
        unlink(n);
        return true;
    }

    /**
     * Removes and returns the oldest node without waking it, for primitives that hand something over
     * (ownership, a permit) and must know whether the wake-up took it: call {@link Node#wake()}.
     *
     * @return the oldest node, or null if none is queued
     */
    public synchronized Node poll() {
        Node n = head;
        if (n != null) {
            unlink(n);
        }
        return n;
    }

    /**
     * Wakes the oldest wait that is still undecided, skipping (and dropping) those that timed out or
     * were cancelled meanwhile.
     *
     * @return true if a wait was woken
     */
    public boolean wakeOne() {
        for (;;) {
            Node n;
            synchronized (this) {
                n = head;
                if (n == null) {
                    return false;
                }
                unlink(n);
            }
            if (n.blocker.wake(n.ticket)) {
                return true;
            }
        }
    }

    /**
     * Wakes every queued wait.
     *
     * @return how many waits this call woke
     */
    public int wakeAll() {
        Node n;
        synchronized (this) {
            n = head;
            for (Node x = head; x != null; x = x.next) {
                x.linked = false;
            }
            head = tail = null;
            size = 0;
        }
        int woken = 0;
        while (n != null) {
            Node next = n.next;
            n.prev = n.next = null;
            if (n.blocker.wake(n.ticket)) {
                woken++;
            }
            n = next;
        }
        return woken;
    }

    /**
     * Counts the queued nodes, including waits that ended but were not removed yet.
     *
     * @return the number of queued nodes
     */
    public synchronized int size() {
        return size;
    }

    private void unlink(Node n) {
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
        size--;
    }
}
