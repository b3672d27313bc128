package io.machinarium.actors;

import java.util.function.Function;

/**
 * A monitor set by {@link ActorContext#monitor}: when the monitored actor exits, the monitoring actor
 * receives one {@link Down} (turned into its message type by the adapter). {@link #cancel()} stops that.
 *
 * <p>Thread safety: any thread. The monitored actor may be local or on another node; a monitor of a
 * remote actor also fires, with {@link ExitReason.Kind#NO_CONNECTION}, when its node is lost.
 *
 * @since 0.1.0
 */
public final class Monitor implements Watcher {
    private final ActorCell<?> watcher;
    private final ActorRef<?> target;
    private final Function<Down, ?> adapter;
    private volatile boolean cancelled;

    <M> Monitor(ActorCell<M> watcher, ActorRef<?> target, Function<Down, ? extends M> adapter) {
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
     * stays there), and the monitored actor is told to forget it. Never blocks.
     */
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            target.signal(new ActorSignal.Unwatch(this));
        }
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
    public void down(ActorRef<?> who, ExitReason reason) {
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
