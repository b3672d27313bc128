package io.machinarium.cluster;

import io.machinarium.actors.ActorAddress;
import io.machinarium.actors.ActorExitedException;
import io.machinarium.actors.ActorRef;
import io.machinarium.actors.ActorSignal;
import io.machinarium.actors.ExitReason;
import io.machinarium.core.CancelledException;
import io.machinarium.core.MisuseException;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.spi.Blocker;
import io.nats.client.Message;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Requests to actors of other nodes, from the asking side: each gets a reply subject of its own on this
 * node ({@code mc.<cluster>.reply.<node>.<id>}), so the first reply wins and anything later — a second
 * reply, or one after the asker gave up — finds no pending request and becomes a counted dead letter; it can
 * never answer a later request. The request also fails at once when NATS says nobody serves the subject, and
 * when the target's node is declared down.
 *
 * <p>Thread safety: {@link #ask} blocks the caller (a coroutine suspends, a thread parks); the rest runs on
 * NATS's dispatcher thread or the membership timer.
 */
final class Asks {
    private final ClusterNode node;
    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentHashMap<Long, Pending> pending = new ConcurrentHashMap<>();

    Asks(ClusterNode node) {
        this.node = node;
    }

    /** One request waiting for its reply. */
    private static final class Pending {
        final long id;
        final String targetName;
        final String targetNode;
        final Blocker asker;
        final long ticket;
        final AtomicReference<Object> result = new AtomicReference<>();

        Pending(long id, String targetName, String targetNode, Blocker asker, long ticket) {
            this.id = id;
            this.targetName = targetName;
            this.targetNode = targetNode;
            this.asker = asker;
            this.ticket = ticket;
        }

        boolean complete(Object value) {
            if (result.compareAndSet(null, value)) {
                asker.wake(ticket);
                return true;
            }
            return false;
        }
    }

    /** Why a request could not be answered. */
    private record Failed(ExitReason reason) {
    }

    /** What the asker gave up with: later replies are late. */
    private static final Object GAVE_UP = new Object();

    <M, R> R ask(ActorRef<M> target, String subject, long to, String targetNode,
            Function<ActorRef<R>, ? extends M> request, Duration timeout) {
        Blocker.throwIfCancelled("ask of actor '" + target.name() + "'");
        long deadline = Blocker.deadline(timeout);
        Blocker me = Blocker.current();
        long id = ids.incrementAndGet();
        Pending p = new Pending(id, target.name(), targetNode, me, me.prepare(target));
        String replySubject = node.subjects.reply(node.name(), id);
        pending.put(id, p);
        try {
            M message = request.apply(new AskReply<>(replySubject, p));
            // by address (to >= 0) the subject is the target node's own, whose frames it confirms; by name or group not
            node.outbound.message(target, to >= 0 ? targetNode : null, subject, to, replySubject, message);
        } catch (RuntimeException | Error e) {
            pending.remove(id);
            p.result.compareAndSet(null, GAVE_UP);
            me.withdraw(p.ticket);
            throw e;
        }
        Blocker.Outcome o = me.await(p.ticket, deadline);
        pending.remove(id);
        if (p.result.compareAndSet(null, GAVE_UP)) {
            if (o == Blocker.Outcome.CANCELLED) {
                throw new CancelledException("ask of actor '" + target.name() + "' was cancelled");
            }
            throw new TimedOutException("actor '" + target.name() + "' did not reply within " + timeout);
        }
        Object r = p.result.get();
        if (r instanceof Failed f) {
            throw new ActorExitedException("actor '" + target.name() + "' cannot reply (" + f.reason() + ")", f.reason());
        }
        @SuppressWarnings("unchecked")
        R reply = (R) r;
        return reply;
    }

    /** NATS thread: something arrived on one of this node's reply subjects. */
    void onReply(Message m) {
        long id = node.subjects.replyId(node.name(), m.getSubject());
        Pending p = id < 0 ? null : pending.get(id);
        if (m.isStatusMessage()) {
            if (p != null && m.getStatus().isNoResponders()) {
                p.complete(new Failed(ExitReason.noActor(p.targetName)));  // NATS: nobody serves the subject
            }
            return;
        }
        node.counters.received.increment();
        node.counters.bytesReceived.add(m.getData().length);
        Object value;
        try {
            Frames.Frame f = Frames.decode(m.getData());
            node.confirmations.received(f.node());
            value = node.codecs.decode(f.type(), f.body(), f.payload(), f.payloadLength());
        } catch (RuntimeException e) {
            node.counters.deadLetter("undecodable");
            node.system.deadLetter(replyRef(m.getSubject()), m.getData(), "a reply could not be decoded: " + e.getMessage());
            if (p != null) {
                p.complete(new Failed(ExitReason.crashed(new IllegalArgumentException(
                        "the reply could not be decoded: " + e.getMessage(), e))));
            }
            return;
        }
        if (p == null || !p.complete(value)) {
            node.counters.deadLetter("late_reply");
            node.system.deadLetter(replyRef(m.getSubject()), value,
                    "the reply arrived after its request had timed out, was cancelled or was already answered");
        }
    }

    /** Membership: the target's node is gone; its pending requests fail now instead of at their timeout. */
    void nodeDown(String lost, String why) {
        for (Pending p : pending.values()) {
            if (lost.equals(p.targetNode)) {
                p.complete(new Failed(ExitReason.noConnection(p.targetName, lost, why)));
            }
        }
    }

    /** A reference naming a reply subject, for dead letters. */
    private ActorRef<Object> replyRef(String subject) {
        return new RemoteReply<>(node, subject);
    }

    /**
     * The asker's side of a reply reference: it travels as its reply subject; told here (a reply from this
     * very node, decoded as this object) it completes the request directly.
     */
    private final class AskReply<R> implements ClusterRef<R> {
        private final String subject;
        private final Pending p;

        AskReply(String subject, Pending p) {
            this.subject = subject;
            this.p = p;
        }

        @Override
        public String wire() {
            return Refs.REPLY + subject;
        }

        @Override
        public ActorAddress address() {
            return new ActorAddress(node.name(), -p.id);
        }

        @Override
        public void tell(R message) {
            if (!p.complete(java.util.Objects.requireNonNull(message, "reply"))) {
                node.counters.deadLetter("late_reply");
                node.system.deadLetter(this, message, "the request was already answered or given up");
            }
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
        public boolean isAlive() {
            return p.result.get() == null;
        }

        @Override
        public void stop() {
            p.complete(new Failed(ExitReason.STOPPED));
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
            stop();
        }
    }
}
