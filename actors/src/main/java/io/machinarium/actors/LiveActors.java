package io.machinarium.actors;

import java.util.function.Consumer;

/** The actors of one system alive on one machine, as an intrusive list. Machine-confined. */
final class LiveActors {
    private ActorCell<?> head;
    private int size;

    void add(ActorCell<?> c) {
        c.nextLive = head;
        if (head != null) {
            head.prevLive = c;
        }
        head = c;
        size++;
    }

    void remove(ActorCell<?> c) {
        if (c.prevLive == null) {
            if (head == c) {
                head = c.nextLive;
            }
        } else {
            c.prevLive.nextLive = c.nextLive;
        }
        if (c.nextLive != null) {
            c.nextLive.prevLive = c.prevLive;
        }
        c.prevLive = c.nextLive = null;
        size--;
    }

    int size() {
        return size;
    }

    void forEach(Consumer<ActorCell<?>> action) {
        for (ActorCell<?> c = head; c != null;) {
            ActorCell<?> next = c.nextLive;
            action.accept(c);
            c = next;
        }
    }
}
