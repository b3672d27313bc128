package io.machinarium.core.channel;

/**
 * The waiting hand-offs of one channel in arrival order: its blocked reads (and selects), or its waiting
 * writes with the message each carries. Intrusive through {@link Handoff.Node}'s links, so that adding and
 * removing allocate nothing. Guarded by the channel's lock.
 */
final class HandoffList {
    private Handoff.Node head;
    private Handoff.Node tail;

    void add(Handoff.Node n) {
        n.linked = true;
        n.prev = tail;
        if (tail == null) {
            head = n;
        } else {
            tail.next = n;
        }
        tail = n;
    }

    /** Takes the longest-waiting node out, or returns null. */
    Handoff.Node poll() {
        Handoff.Node n = head;
        if (n != null) {
            unlink(n);
        }
        return n;
    }

    /** Takes {@code n} out if it is still in (a waker may have taken it first). */
    void remove(Handoff.Node n) {
        if (n.linked) {
            unlink(n);
        }
    }

    boolean isEmpty() {
        return head == null;
    }

    /**
     * Takes every node out at once (a close): returns the first, the others chained behind it through
     * {@link Handoff.Node#next} for the caller to wake once it has released the lock, then unchain.
     */
    Handoff.Node takeAll() {
        Handoff.Node first = head;
        for (Handoff.Node n = head; n != null; n = n.next) {
            n.linked = false;
        }
        head = tail = null;
        return first;
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
}
