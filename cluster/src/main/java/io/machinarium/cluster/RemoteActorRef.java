package io.machinarium.cluster;

import io.machinarium.actors.ActorAddress;
import io.machinarium.actors.ActorRef;
import io.machinarium.actors.ActorSignal;
import io.machinarium.actors.ExitReason;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * A reference to one actor of another node, by address: its messages and signals are frames on that node's
 * subject, its requests have a reply subject of their own on this node. Made by {@link Refs} when a
 * reference arrives in a message, and by {@link ClusterNode#whereis}.
 *
 * <p>Thread safety: any thread; never blocks but in {@link #ask} and {@link #awaitExit}.
 */
final class RemoteActorRef<M> implements ClusterRef<M> {
    private final ClusterNode node;
    private final ActorAddress address;
    /** Its node's subject, made on the first send (a benign race: any thread may make the same string). */
    private String subject;

    RemoteActorRef(ClusterNode node, ActorAddress address) {
        this.node = node;
        this.address = Objects.requireNonNull(address, "address");
    }

    @Override
    public ActorAddress address() {
        return address;
    }

    @Override
    public String wire() {
        return Refs.actorText(address);
    }

    @Override
    public void tell(M message) {
        Objects.requireNonNull(message, "message");
        node.outbound.message(this, address.node(), subject(), address.id(), null, message);
    }

    @Override
    public <R> R ask(Function<ActorRef<R>, ? extends M> request, Duration timeout) {
        return node.asks.ask(this, subject(), address.id(), address.node(), request, timeout);
    }

    private String subject() {
        String s = subject;
        if (s == null) {
            subject = s = node.subjects.node(address.node());
        }
        return s;
    }

    @Override
    public String name() {
        return address.toString();
    }

    @Override
    public boolean isAlive() {
        return node.membership.isUp(address.node());
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
        node.watches.send(this, signal);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActorRef<?> r && r.address().equals(address);
    }

    @Override
    public int hashCode() {
        return address.hashCode();
    }

    @Override
    public String toString() {
        return "RemoteActor[" + address + "]";
    }
}
