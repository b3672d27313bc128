package io.machinarium.core.channel;

import io.machinarium.core.spi.Blocker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One blocked read (or select) and the slot through which a writer hands it a message. The slot is
 * claimed by exactly one party with one compare-and-set: a writer (putting in the {@link Node} that
 * carries its message) or the reader itself (marking the read abandoned on timeout, cancellation or
 * close). So a message is either delivered to this reader or kept by its writer — never lost, never
 * delivered twice — however a writer races the reader's timeout.
 */
final class Handoff {
    private static final Object ABANDONED = new Object();
    private static final VarHandle SLOT;

    static {
        try {
            SLOT = MethodHandles.lookup().findVarHandle(Handoff.class, "slot", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Blocker blocker;
    final long ticket;
    private volatile Object slot;

    Handoff(Blocker blocker, long ticket) {
        this.blocker = blocker;
        this.ticket = ticket;
    }

    /** A writer claims the read for the message in {@code node}; false if someone else claimed it first. */
    boolean deliver(Node node) {
        return SLOT.compareAndSet(this, null, node);
    }

    /** The reader ends the read: returns the node a writer delivered, or null if it abandoned it now. */
    Node finish() {
        Object s = SLOT.compareAndExchange(this, null, ABANDONED);
        return s == null || s == ABANDONED ? null : (Node) s;
    }

    /** Whether a writer could still deliver. */
    boolean isOpen() {
        return slot == null;
    }

    /** One registration of a handoff in one channel's waiter list. */
    static final class Node {
        final Handoff handoff;
        final int index;
        Object value;
        Node prev;
        Node next;
        boolean linked;

        Node(Handoff handoff, int index) {
            this.handoff = handoff;
            this.index = index;
        }
    }
}
