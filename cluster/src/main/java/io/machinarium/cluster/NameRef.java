package io.machinarium.cluster;

import io.machinarium.actors.ActorAddress;
import io.machinarium.actors.ActorRef;
import io.machinarium.actors.ActorSignal;
import io.machinarium.actors.ExitReason;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * A reference to whichever actor holds a cluster-wide name ({@link ClusterNode#named}): a message is
 * published on the name's subject, which only the holder's node subscribes to, so it reaches the holder of
 * the moment — a restarted incarnation too. When this node holds the name, the message goes straight to the
 * local actor and never through NATS. Signals (links, monitors, stop) act on the holder of the moment;
 * with no holder, a link or monitor fires at once with {@link ExitReason.Kind#NO_ACTOR}.
 *
 * <p>{@link #address()} is the holder's address as the registry knows it now, or, while nobody holds the
 * name, an address of node {@code <name:NAME>} with id 0.
 *
 * <p>Thread safety: any thread.
 */
final class NameRef<M> implements ClusterRef<M> {
    private final ClusterNode node;
    private final String name;

    NameRef(ClusterNode node, String name) {
        this.node = node;
        this.name = Subjects.check("registered", name);
    }

    @SuppressWarnings("unchecked")
    private ActorRef<M> localHolder() {
        return (ActorRef<M>) node.registry.localHolder(name);
    }

    @Override
    public ActorAddress address() {
        ActorRef<?> holder = node.registry.whereis(name);
        return holder != null ? holder.address() : new ActorAddress("<name:" + name + ">", 0);
    }

    @Override
    public String wire() {
        return Refs.NAME + name;
    }

    @Override
    public void tell(M message) {
        Objects.requireNonNull(message, "message");
        ActorRef<M> local = localHolder();
        if (local != null) {
            local.tell(message);
        } else {
            // no holder known here (yet): keep the message, so that if nobody takes it, it is a dead letter
            String replyTo = node.registry.whereis(name) == null ? node.undelivered.keep(this, message) : null;
            node.outbound.message(this, null, node.subjects.name(name), -1, replyTo, message);
        }
    }

    @Override
    public <R> R ask(Function<ActorRef<R>, ? extends M> request, Duration timeout) {
        ActorRef<M> local = localHolder();
        if (local != null) {
            return local.ask(request, timeout);
        }
        ActorRef<?> holder = node.registry.whereis(name);
        return node.asks.ask(this, node.subjects.name(name), -1, holder != null ? holder.address().node() : null,
                request, timeout);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isAlive() {
        return node.registry.whereis(name) != null;
    }

    @Override
    public void stop() {
        signal(new ActorSignal.Stop(ExitReason.STOPPED));
    }

    @Override
    public ExitReason awaitExit(Duration timeout) {
        return ClusterRef.awaitExitByWatching(this, timeout);
    }

    @Override
    public void signal(ActorSignal signal) {
        ActorRef<?> holder = node.registry.whereis(name);
        if (holder != null) {
            holder.signal(signal);
        } else if (signal instanceof ActorSignal.Link l) {
            l.from().signal(new ActorSignal.LinkExit(this, ExitReason.noActor(name)));
        } else if (signal instanceof ActorSignal.Watch w) {
            w.watcher().down(this, ExitReason.noActor(name));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NameRef<?> n && n.name.equals(name) && n.node == node;
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "Named[" + name + "]";
    }
}
