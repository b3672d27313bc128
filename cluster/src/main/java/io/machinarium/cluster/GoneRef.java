package io.machinarium.cluster;

import io.machinarium.actors.ActorAddress;
import io.machinarium.actors.ActorExitedException;
import io.machinarium.actors.ActorRef;
import io.machinarium.actors.ActorSignal;
import io.machinarium.actors.ExitReason;
import java.time.Duration;
import java.util.function.Function;

/**
 * An address of this node that names no reachable actor — it exited, or never was sent away: what Erlang
 * gives for a dead pid. Messages to it are dead letters; links and monitors fire at once with
 * {@link ExitReason.Kind#NO_ACTOR}; a request fails at once.
 */
final class GoneRef<M> implements ActorRef<M> {
    private final ClusterNode node;
    private final ActorAddress address;

    GoneRef(ClusterNode node, ActorAddress address) {
        this.node = node;
        this.address = address;
    }

    @Override
    public ActorAddress address() {
        return address;
    }

    @Override
    public void tell(M message) {
        node.counters.deadLetter("no_actor");
        node.system.deadLetter(this, message, "no actor " + address + " runs on this node");
    }

    @Override
    public <R> R ask(Function<ActorRef<R>, ? extends M> request, Duration timeout) {
        ExitReason r = ExitReason.noActor(name());
        throw new ActorExitedException("actor " + address + " is not running", r);
    }

    @Override
    public String name() {
        return address.toString();
    }

    @Override
    public boolean isAlive() {
        return false;
    }

    @Override
    public void stop() {
        // nothing runs
    }

    @Override
    public ExitReason awaitExit(Duration timeout) {
        return ExitReason.noActor(name());
    }

    @Override
    public void signal(ActorSignal signal) {
        if (signal instanceof ActorSignal.Link l) {
            l.from().signal(new ActorSignal.LinkExit(this, ExitReason.noActor(name())));
        } else if (signal instanceof ActorSignal.Watch w) {
            w.watcher().down(this, ExitReason.noActor(name()));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActorRef<?> r && r.address().equals(address);
    }

    @Override
    public int hashCode() {
        return address.hashCode();
    }
}
