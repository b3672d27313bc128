package io.machinarium.cluster;

import io.machinarium.actors.ActorRef;
import io.machinarium.actors.ActorSignal;
import io.machinarium.actors.ExitReason;
import io.machinarium.actors.MailboxFullException;
import io.nats.client.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What arrives for the actors of this node, on NATS's dispatcher thread: messages (decoded, then told to
 * the local actor, which hands them to its machine's inbox — a coroutine never waits for NATS) and signal
 * frames. Bad input never gets further than here: an undecodable message, one of an unregistered type,
 * one for an actor that is not here, a frame that names no kind, a forged reply subject — each becomes a
 * counted dead letter with its reason, and the node goes on.
 *
 * <p>Thread: NATS's dispatcher thread of this node (one, so frames from one node keep their order).
 */
final class Inbound {
    private static final Logger LOG = LoggerFactory.getLogger(Inbound.class);

    private final ClusterNode node;

    Inbound(ClusterNode node) {
        this.node = node;
    }

    /** A frame on this node's own subject: for a local actor by id, or a down for one of our monitors. */
    void onNodeFrame(Message m) {
        count(m);
        Frames.Frame f;
        try {
            f = Frames.decode(m.getData());
        } catch (RuntimeException e) {
            refuse(m, "a frame that is not one: " + e.getMessage());
            return;
        }
        node.confirmations.received(f.node());
        long to = f.to();
        ActorRef<?> target = to < 0 ? null : node.refs.local(to);
        try {
            switch (f.kind()) {
                case Frames.MESSAGE -> deliver(target, f, null);
                case Frames.LINK -> {
                    ActorRef<?> from = node.refs.read(f.from());
                    if (target == null) {
                        from.signal(new ActorSignal.LinkExit(nobody(to), ExitReason.noActor(node.name() + "/" + to)));
                    } else {
                        node.watches.linked(target, from, true);
                        target.signal(new ActorSignal.Link(from));
                    }
                }
                case Frames.UNLINK -> {
                    ActorRef<?> from = node.refs.read(f.from());
                    if (target != null) {
                        node.watches.linked(target, from, false);
                        target.signal(new ActorSignal.Unlink(from));
                    }
                }
                case Frames.EXIT -> {
                    ActorRef<?> from = node.refs.read(f.from());
                    if (target != null) {
                        node.watches.linked(target, from, false);
                        target.signal(new ActorSignal.LinkExit(from, Outbound.reason(f.payloadCopy())));
                    }
                }
                case Frames.WATCH -> {
                    String watcherNode = Subjects.check("node", f.node());
                    if (target == null) {
                        node.outbound.signal(watcherNode, Frames.DOWN, -1, f.watch(), Refs.ACTOR + node.name() + "/" + to,
                                Outbound.reason(ExitReason.noActor(node.name() + "/" + to)));
                    } else {
                        node.watches.watchedBy(target, watcherNode, f.watch());
                    }
                }
                case Frames.UNWATCH -> node.watches.unwatchedBy(target, Subjects.check("node", f.node()), f.watch());
                case Frames.DOWN -> node.watches.down(f.watch(), node.refs.read(f.from()),
                        Outbound.reason(f.payloadCopy()));
                case Frames.STOP -> {
                    if (target != null) {
                        target.signal(new ActorSignal.Stop(Outbound.reason(f.payloadCopy())));
                    }
                }
                default -> refuse(m, "a frame of unknown kind " + f.kind());
            }
        } catch (RuntimeException e) {
            refuse(m, "a frame of kind " + f.kind() + " could not be read: " + e.getMessage());
        }
    }

    /** A message on a registered name's subject, or a group member's: for {@code target}. */
    void onNamedFrame(ActorRef<?> target, Message m, String what) {
        count(m);
        Frames.Frame f;
        try {
            f = Frames.decode(m.getData());
        } catch (RuntimeException e) {
            refuse(m, "a frame on " + what + " that is not one: " + e.getMessage());
            return;
        }
        if (f.kind() != Frames.MESSAGE) {
            refuse(m, "a frame on " + what + " that is not a message");
            return;
        }
        deliver(target, f, what);
    }

    /**
     * Delivers a message frame to {@code target} (null: nobody here).
     *
     * @param what the target as text for dead letters, or null for "actor node/id", made only when needed
     */
    @SuppressWarnings("unchecked")
    private void deliver(ActorRef<?> target, Frames.Frame f, String what) {
        Object message;
        try {
            message = node.codecs.decode(f.type(), f.body(), f.payload(), f.payloadLength());
        } catch (RuntimeException e) {
            node.counters.deadLetter(String.valueOf(e.getMessage()).contains("forged reply subject") ? "forged_reply"
                    : "undecodable");
            String to = what != null ? what : byId(f);
            node.system.deadLetter(target != null ? target : nobody(0), f.payloadCopy(), "a message for " + to
                    + " from node '" + f.node() + "' could not be decoded: " + e.getMessage());
            LOG.debug("undecodable message for {}: {}", to, e.toString());
            return;
        }
        if (target == null) {
            node.counters.deadLetter("no_actor");
            node.system.deadLetter(nobody(0), message, "no " + (what != null ? what : byId(f)) + " runs on this node");
            return;
        }
        try {
            ((ActorRef<Object>) target).tell(message);
        } catch (MailboxFullException e) {
            node.counters.deadLetter("mailbox_full");
            node.system.deadLetter(target, message, e.getMessage());
        }
    }

    private String byId(Frames.Frame f) {
        return "actor " + node.name() + "/" + f.to();
    }

    /** Stands for an actor of this node that is not here, in dead letters and answers. */
    private ActorRef<?> nobody(long id) {
        return new GoneRef<>(node, new io.machinarium.actors.ActorAddress(node.name(), id));
    }

    private void count(Message m) {
        node.counters.received.increment();
        node.counters.bytesReceived.add(m.getData() == null ? 0 : m.getData().length);
    }

    private void refuse(Message m, String why) {
        node.counters.deadLetter("undecodable");
        node.system.deadLetter(nobody(0), m.getData(), why);
        LOG.debug("refused a frame on {}: {}", m.getSubject(), why);
    }
}
