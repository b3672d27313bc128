package io.machinarium.actors;

/** Something told once when an actor exits: a {@link Monitor} or a pending request's {@link ReplySlot}. */
sealed interface Watcher permits Monitor, ReplySlot {
    /** Called on the exiting actor's machine thread; must not block. */
    void down(ActorCell<?> who, ExitReason reason);

    /** True once the watcher no longer cares, so the watched actor may forget it. */
    boolean isObsolete();
}
