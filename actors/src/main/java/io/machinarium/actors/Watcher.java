package io.machinarium.actors;

/**
 * Something told once when an actor exits: a {@link Monitor}, the reply slot of a pending
 * {@link ActorRef#ask}, or a transport's stand-in for a watcher on another node. Set with an
 * {@link ActorSignal.Watch} signal.
 *
 * <p>For this package and transports; user code monitors through {@link ActorContext#monitor}.
 *
 * @since 0.1.0
 */
public interface Watcher {
    /**
     * Tells the watcher that {@code who} exited. Called once, on the exiting actor's machine thread (or a
     * transport's thread for a remote actor); must not block.
     *
     * @param who the actor that exited
     * @param reason why
     */
    void down(ActorRef<?> who, ExitReason reason);

    /**
     * Whether the watcher no longer cares (cancelled, its own actor gone, its request answered), so that
     * the watched actor may forget it early.
     *
     * @return true once obsolete
     */
    boolean isObsolete();
}
