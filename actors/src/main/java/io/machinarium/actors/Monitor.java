package io.machinarium.actors;

import java.util.function.Function;

/**
 * A monitor set by {@link ActorContext#monitor}: when the monitored actor exits, the monitoring actor
 * receives one {@link Down} (turned into its message type by the adapter). {@link #cancel()} stops that.
 *
 * <p>Thread safety: any thread. Not for users to implement.
 */
public final class Monitor implements Watcher {
    private final ActorCell<?> watcher;
    private final ActorCell<?> target;
    private final Function<Down, ?> adapter;
    private volatile boolean cancelled;

    <M> Monitor(ActorCell<M> watcher, ActorCell<?> target, Function<Down, ? extends M> adapter) {
        this.watcher = watcher;
        this.target = target;
        this.adapter = adapter;
    }

    /**
     * The monitored actor.
     *
     * @return its reference
     */
    public ActorRef<?> target() {
        return target;
    }

    /**
     * Cancels the monitor: no {@link Down} is delivered after this returns (one already in the mailbox
     * stays there). Never blocks.
     */
    public void cancel() {
        cancelled = true;
    }

    /**
     * Whether {@link #cancel()} was called.
     *
     * @return true if cancelled
     */
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public boolean isObsolete() {
        return cancelled || !watcher.isAlive();
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void down(ActorCell<?> who, ExitReason reason) {
        if (cancelled) {
            return;
        }
        watcher.runHere(() -> {
            if (!cancelled) {
                ((ActorCell) watcher).deliverSignal(adapter.apply(new Down(who, reason, this)));
            }
        });
    }

    @Override
    public String toString() {
        return "Monitor[" + watcher.name() + " -> " + target.name() + (cancelled ? ", cancelled]" : "]");
    }
}
