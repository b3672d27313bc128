package io.machinarium.cluster;

import io.machinarium.actors.ActorAddress;
import io.machinarium.actors.ActorRef;
import io.machinarium.actors.ActorSignal;
import io.machinarium.actors.ExitReason;
import io.machinarium.core.MisuseException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * A reference to a service group ({@link ClusterNode#group}): each message goes to one member, on whatever
 * node, chosen by the NATS queue group — so it always goes through NATS, even when this node has a member.
 * A member that exits stops receiving. With no member, a tell is a counted dead letter (NATS reports no
 * responders) and an ask fails at once with {@link io.machinarium.actors.ActorExitedException}.
 *
 * <p>A group is not one actor: it cannot be linked or monitored ({@link MisuseException}); {@link #address()}
 * is node {@code <group:NAME>}, id 0.
 *
 * <p>Thread safety: any thread.
 */
final class GroupRef<M> implements ClusterRef<M> {
    private final ClusterNode node;
    private final String group;

    GroupRef(ClusterNode node, String group) {
        this.node = node;
        this.group = Subjects.check("group", group);
    }

    @Override
    public ActorAddress address() {
        return new ActorAddress("<group:" + group + ">", 0);
    }

    @Override
    public String wire() {
        return Refs.GROUP + group;
    }

    @Override
    public void tell(M message) {
        node.outbound.message(this, null, node.subjects.group(group), -1, null, Objects.requireNonNull(message, "message"));
    }

    @Override
    public <R> R ask(Function<ActorRef<R>, ? extends M> request, Duration timeout) {
        return node.asks.ask(this, node.subjects.group(group), -1, null, request, timeout);
    }

    @Override
    public String name() {
        return "group " + group;
    }

    @Override
    public boolean isAlive() {
        return true;
    }

    @Override
    public void stop() {
        throw new MisuseException("a service group cannot be stopped; stop its members");
    }

    @Override
    public ExitReason awaitExit(Duration timeout) {
        throw new UnsupportedOperationException("a service group does not exit");
    }

    @Override
    public void signal(ActorSignal signal) {
        throw new MisuseException("the service group '" + group + "' is not one actor; link or monitor its members");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupRef<?> g && g.group.equals(group) && g.node == node;
    }

    @Override
    public int hashCode() {
        return group.hashCode();
    }

    @Override
    public String toString() {
        return "Group[" + group + "]";
    }
}
