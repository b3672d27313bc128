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
 * The answering side of a request from another node: a reference to the asker's reply subject. Telling it
 * publishes the reply there; the asking node takes the first reply and counts any later one as a dead
 * letter. Only subjects of this cluster's reply form are accepted when one arrives ({@link Refs}): a
 * request naming any other subject as its reply is refused as forged.
 *
 * <p>Thread safety: any thread; never blocks.
 */
final class RemoteReply<R> implements ClusterRef<R> {
    private final ClusterNode node;
    private final String subject;
    /** The asker's node, which alone serves the subject and confirms what it receives there (null: not known). */
    private final String targetNode;

    RemoteReply(ClusterNode node, String subject) {
        this.node = node;
        this.subject = subject;
        this.targetNode = node.subjects.replyNode(subject);
    }

    @Override
    public String wire() {
        return Refs.REPLY + subject;
    }

    @Override
    public ActorAddress address() {
        return new ActorAddress("<reply:" + subject + ">", 0);
    }

    @Override
    public void tell(R message) {
        node.outbound.message(this, targetNode, subject, -1, null, Objects.requireNonNull(message, "reply"));
    }

    @Override
    public <X> X ask(Function<ActorRef<X>, ? extends R> request, Duration timeout) {
        throw new UnsupportedOperationException("a reply reference answers one request; it cannot be asked");
    }

    @Override
    public String name() {
        return "reply " + subject;
    }

    @Override
    public boolean isReply() {
        return true;
    }

    @Override
    public boolean isAlive() {
        return true;
    }

    @Override
    public void stop() {
        // the asker gives up on its own timeout
    }

    @Override
    public ExitReason awaitExit(Duration timeout) {
        throw new UnsupportedOperationException("a reply reference has no exit to wait for");
    }

    @Override
    public void signal(ActorSignal signal) {
        if (!(signal instanceof ActorSignal.Stop)) {
            throw new MisuseException("a reply reference answers one request; it cannot be linked or monitored");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RemoteReply<?> r && r.subject.equals(subject);
    }

    @Override
    public int hashCode() {
        return subject.hashCode();
    }
}
