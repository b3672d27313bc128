package io.machinarium.cluster;

import io.machinarium.actors.ActorAddress;
import io.machinarium.actors.ActorRef;
import io.machinarium.actors.ActorSignal;
import io.machinarium.actors.ExitReason;
import io.machinarium.actors.Watcher;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Actor references in and out of messages ({@link ActorRefCodec}), and the local actors other nodes may
 * reach by address. Text forms: {@code a:NODE/ID} an actor, {@code n:NAME} a registered name,
 * {@code g:GROUP} a service group, {@code r:SUBJECT} the reply subject of a pending request.
 *
 * <p>A local actor is exported — made reachable by its address — the first time a reference to it leaves
 * the process, and forgotten when it exits; an address of this node that is not exported (never sent, or
 * exited) reads back as a reference whose messages are dead letters and whose links and monitors fire
 * at once with {@link ExitReason.Kind#NO_ACTOR}.
 *
 * <p>Thread safety: any thread.
 */
final class Refs implements ActorRefCodec {
    static final String ACTOR = "a:";
    static final String NAME = "n:";
    static final String GROUP = "g:";
    static final String REPLY = "r:";

    private final ClusterNode node;
    private final ConcurrentHashMap<Long, ActorRef<?>> exported = new ConcurrentHashMap<>();
    /** Forgets an exported actor when it exits. */
    private final Watcher unexport = new Watcher() {
        @Override
        public void down(ActorRef<?> who, ExitReason reason) {
            exported.remove(who.address().id(), who);
        }

        @Override
        public boolean isObsolete() {
            return false;
        }
    };

    Refs(ClusterNode node) {
        this.node = node;
    }

    /** The text of a reference without exporting it: for an actor that exits, which nobody can reach any more. */
    static String text(ActorRef<?> ref) {
        return ref instanceof ClusterRef<?> c ? c.wire() : actorText(ref.address());
    }

    static String actorText(ActorAddress a) {
        return ACTOR + a.node() + "/" + a.id();
    }

    @Override
    public String write(ActorRef<?> ref) {
        if (ref instanceof ClusterRef<?> c) {
            return c.wire();
        }
        ActorAddress a = ref.address();
        if (!a.node().equals(node.name())) {
            throw new IllegalArgumentException("the reference " + ref.name() + " names node '" + a.node()
                    + "', which is not this node '" + node.name() + "' and was not made by its cluster");
        }
        export(ref);
        return actorText(a);
    }

    /** Makes a local actor reachable from other nodes by its address. */
    void export(ActorRef<?> local) {
        long id = local.address().id();
        if (exported.putIfAbsent(id, local) == null) {
            try {
                local.signal(new ActorSignal.Watch(unexport));
            } catch (RuntimeException e) {
                exported.remove(id, local);
                throw new IllegalArgumentException("the reference " + local.name() + " cannot leave this process: "
                        + e.getMessage(), e);
            }
        }
    }

    /** The exported local actor with this id, or null. */
    ActorRef<?> local(long id) {
        return exported.get(id);
    }

    int exportedCount() {
        return exported.size();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <M> ActorRef<M> read(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no actor reference");
        }
        if (text.startsWith(ACTOR)) {
            int slash = text.lastIndexOf('/');
            if (slash <= ACTOR.length()) {
                throw new IllegalArgumentException("'" + text + "' is not an actor reference");
            }
            String n = Subjects.check("node", text.substring(ACTOR.length(), slash));
            long id;
            try {
                id = Long.parseLong(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not an actor reference", e);
            }
            ActorAddress a = new ActorAddress(n, id);
            if (n.equals(node.name())) {
                ActorRef<?> local = exported.get(id);
                return (ActorRef<M>) (local != null ? local : new GoneRef<>(node, a));
            }
            return new RemoteActorRef<>(node, a);
        }
        if (text.startsWith(NAME)) {
            return new NameRef<>(node, text.substring(NAME.length()));
        }
        if (text.startsWith(GROUP)) {
            return new GroupRef<>(node, text.substring(GROUP.length()));
        }
        if (text.startsWith(REPLY)) {
            String subject = text.substring(REPLY.length());
            if (!node.subjects.isReply(subject)) {
                throw new IllegalArgumentException("forged reply subject '" + subject + "': replies go only to reply"
                        + " subjects of cluster '" + node.subjects.cluster() + "'");
            }
            return new RemoteReply<>(node, subject);
        }
        throw new IllegalArgumentException("'" + text + "' is not an actor reference of this cluster");
    }
}
