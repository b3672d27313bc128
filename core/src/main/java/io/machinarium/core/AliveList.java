package io.machinarium.core;

/**
 * The coroutines alive on one machine (spawned, not yet finished), oldest first: an intrusive doubly
 * linked list through {@link Coroutine#prevAlive} and {@link Coroutine#nextAlive}, so that adding and
 * removing allocate nothing and a stop or a dump can walk every coroutine without a copy.
 *
 * <p>Thread: machine-confined.
 */
final class AliveList {
    private Coroutine head;
    private Coroutine tail;
    private int size;

    void add(Coroutine c) {
        c.prevAlive = tail;
        if (tail == null) {
            head = c;
        } else {
            tail.nextAlive = c;
        }
        tail = c;
        size++;
    }

    void remove(Coroutine c) {
        if (c.prevAlive == null) {
            head = c.nextAlive;
        } else {
            c.prevAlive.nextAlive = c.nextAlive;
        }
        if (c.nextAlive == null) {
            tail = c.prevAlive;
        } else {
            c.nextAlive.prevAlive = c.prevAlive;
        }
        c.prevAlive = c.nextAlive = null;
        size--;
    }

    /** How many coroutines are alive, the running one included. */
    int size() {
        return size;
    }

    /** The oldest alive coroutine; the others follow through {@link Coroutine#nextAlive}. */
    Coroutine oldest() {
        return head;
    }

    /** Cancels every alive coroutine, oldest first. */
    void cancelAll() {
        for (Coroutine c = head; c != null; c = c.nextAlive) {
            c.cancel();
        }
    }
}
