package io.machinarium.cluster;

import io.machinarium.actors.ActorRef;
import io.machinarium.actors.ActorSignal;
import io.machinarium.actors.ExitReason;
import io.machinarium.actors.Watcher;
import io.machinarium.core.MisuseException;
import io.nats.client.Subscription;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Service groups: several actors, on any nodes, serving one name. Each member's node subscribes to the
 * group's subject in a NATS queue group, so each message goes to one member; a member that exits (or
 * {@linkplain #leave leaves}) is unsubscribed and stops receiving. Messages NATS had already sent to a
 * member that is gone are published to the group again, so another member takes them: leaving loses
 * nothing.
 *
 * <p>Thread safety: any thread; never blocks.
 */
final class Groups {
    private final ClusterNode node;
    private final ConcurrentHashMap<String, ConcurrentHashMap<ActorRef<?>, Subscription>> groups = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger draining = new java.util.concurrent.atomic.AtomicInteger();

    Groups(ClusterNode node) {
        this.node = node;
    }

    void join(String group, ActorRef<?> member) {
        Subjects.check("group", group);
        if (!member.address().node().equals(node.name())) {
            throw new MisuseException("only an actor of this node can join a group here, not " + member.name());
        }
        ConcurrentHashMap<ActorRef<?>, Subscription> members = groups.computeIfAbsent(group, g -> new ConcurrentHashMap<>());
        String what = "group '" + group + "'";  // made once, not per message
        Subscription s = node.link.subscribe(node.subjects.group(group), group, m -> {
            if (members.containsKey(member)) {
                node.inbound.onNamedFrame(member, m, what);
            } else {
                node.counters.regrouped.increment();  // it left meanwhile: another member takes it
                node.link.publish(m.getSubject(), m.getReplyTo(), m.getData());
            }
        });
        if (members.putIfAbsent(member, s) != null) {
            node.link.unsubscribe(s);
            return;
        }
        member.signal(new ActorSignal.Watch(new Watcher() {
            @Override
            public void down(ActorRef<?> who, ExitReason reason) {
                leave(group, member);
            }

            @Override
            public boolean isObsolete() {
                return !members.containsKey(member);
            }
        }));
    }

    void leave(String group, ActorRef<?> member) {
        Map<ActorRef<?>, Subscription> members = groups.get(group);
        Subscription s = members == null ? null : members.remove(member);
        if (s != null) {
            draining.incrementAndGet();
            node.link.drain(s).whenComplete((ok, e) -> draining.decrementAndGet());
        }
    }

    /** Whether members that left still have messages on their way (to pass on to the group). */
    boolean draining() {
        return draining.get() > 0;
    }

    /** Local members per group, for the cluster view. */
    Map<String, Integer> view() {
        Map<String, Integer> out = new TreeMap<>();
        groups.forEach((g, m) -> {
            if (!m.isEmpty()) {
                out.put(g, m.size());
            }
        });
        return out;
    }
}
