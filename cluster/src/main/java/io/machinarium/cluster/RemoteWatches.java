package io.machinarium.cluster;

import io.machinarium.actors.ActorAddress;
import io.machinarium.actors.ActorRef;
import io.machinarium.actors.ActorSignal;
import io.machinarium.actors.ExitReason;
import io.machinarium.actors.Watcher;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Links and monitors that cross to other nodes. Outgoing signals become frames; this node remembers every
 * monitor it set on a remote actor and every link between a local and a remote actor, so that when that
 * remote node is lost each of them fires once with {@link ExitReason.Kind#NO_CONNECTION} — Erlang's
 * {@code noconnection} — instead of waiting forever. For monitors set by other nodes on local actors it
 * keeps a stand-in watcher that sends the down frame back, and drops it if the watching node is lost.
 *
 * <p>Thread safety: any thread.
 */
final class RemoteWatches {
    private static final byte[] NONE = new byte[0];

    private final ClusterNode node;
    private final AtomicLong ids = new AtomicLong();
    /** Monitors this node set on remote actors, by watch id. */
    private final ConcurrentHashMap<Long, Watching> watching = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Watcher, Long> watchIds = new ConcurrentHashMap<>();
    /** Links between a local actor and a remote one, whichever side made them. */
    private final Map<Link, Boolean> links = new ConcurrentHashMap<>();
    /** Stand-ins for watchers of other nodes, by (node, watch id). */
    private final ConcurrentHashMap<String, ProxyWatcher> proxies = new ConcurrentHashMap<>();

    private record Watching(Watcher watcher, ActorAddress target) {
    }

    private record Link(ActorRef<?> local, ActorAddress remote) {
    }

    RemoteWatches(ClusterNode node) {
        this.node = node;
    }

    /** A signal for a remote actor: becomes a frame, and is remembered for node loss. */
    void send(RemoteActorRef<?> target, ActorSignal signal) {
        ActorAddress to = target.address();
        switch (signal) {
            case ActorSignal.Link l -> {
                links.put(new Link(l.from(), to), Boolean.TRUE);
                frame(to, Frames.LINK, node.refs.write(l.from()), NONE);
            }
            case ActorSignal.Unlink u -> {
                links.remove(new Link(u.from(), to));
                frame(to, Frames.UNLINK, node.refs.write(u.from()), NONE);
            }
            case ActorSignal.LinkExit e -> {
                links.remove(new Link(e.from(), to));
                frame(to, Frames.EXIT, Refs.text(e.from()), Outbound.reason(e.reason()));
            }
            case ActorSignal.Watch w -> {
                long id = ids.incrementAndGet();
                watching.put(id, new Watching(w.watcher(), to));
                watchIds.put(w.watcher(), id);
                node.outbound.signal(to.node(), Frames.WATCH, to.id(), id, null, NONE);
                if (!node.membership.isUp(to.node())) {
                    lost(id, "node '" + to.node() + "' is not a member of the cluster now");
                }
            }
            case ActorSignal.Unwatch w -> {
                Long id = watchIds.remove(w.watcher());
                if (id != null && watching.remove(id) != null) {
                    node.outbound.signal(to.node(), Frames.UNWATCH, to.id(), id, null, NONE);
                }
            }
            case ActorSignal.Stop s -> frame(to, Frames.STOP, null, Outbound.reason(s.reason()));
        }
    }

    private void frame(ActorAddress to, byte kind, String from, byte[] body) {
        node.outbound.signal(to.node(), kind, to.id(), -1, from, body);
    }

    /** Inbound: {@code remote} linked itself with the local {@code target} (or the link ended). */
    void linked(ActorRef<?> target, ActorRef<?> remote, boolean on) {
        if (remote instanceof RemoteActorRef<?>) {
            if (on) {
                links.put(new Link(target, remote.address()), Boolean.TRUE);
            } else {
                links.remove(new Link(target, remote.address()));
            }
        }
    }

    /** Inbound: a monitor this node set fired on the watched node. */
    void down(long id, ActorRef<?> who, ExitReason reason) {
        Watching w = watching.remove(id);
        if (w != null) {
            watchIds.remove(w.watcher());
            w.watcher().down(who, reason);
        }
    }

    private void lost(long id, String why) {
        Watching w = watching.remove(id);
        if (w != null) {
            watchIds.remove(w.watcher());
            RemoteActorRef<Object> gone = new RemoteActorRef<>(node, w.target());
            w.watcher().down(gone, ExitReason.noConnection(gone.name(), w.target().node(), why));
        }
    }

    /** Inbound: node {@code watcherNode} monitors the local {@code target} with watch {@code id}. */
    void watchedBy(ActorRef<?> target, String watcherNode, long id) {
        ProxyWatcher p = new ProxyWatcher(watcherNode, id);
        proxies.put(watcherNode + "/" + id, p);
        target.signal(new ActorSignal.Watch(p));
    }

    /** Inbound: node {@code watcherNode} cancelled its watch {@code id}. */
    void unwatchedBy(ActorRef<?> target, String watcherNode, long id) {
        ProxyWatcher p = proxies.remove(watcherNode + "/" + id);
        if (p != null) {
            p.obsolete = true;
            if (target != null) {
                target.signal(new ActorSignal.Unwatch(p));
            }
        }
    }

    /** Membership: node {@code lost} is gone; everything watching or linked across to it fires now. */
    void nodeDown(String lost, String why) {
        for (Map.Entry<Long, Watching> e : watching.entrySet()) {
            if (e.getValue().target().node().equals(lost)) {
                lost(e.getKey(), why);
            }
        }
        for (Link l : links.keySet()) {
            if (l.remote().node().equals(lost) && links.remove(l) != null) {
                RemoteActorRef<Object> gone = new RemoteActorRef<>(node, l.remote());
                l.local().signal(new ActorSignal.LinkExit(gone, ExitReason.noConnection(gone.name(), lost, why)));
            }
        }
        proxies.entrySet().removeIf(e -> {
            if (e.getKey().startsWith(lost + "/")) {
                e.getValue().obsolete = true;
                return true;
            }
            return false;
        });
    }

    /** What is remembered now: monitors out, links, stand-ins; for tests and the cluster view. */
    int[] sizes() {
        return new int[] {watching.size(), links.size(), proxies.size()};
    }

    /** On the watched node: stands in for a watcher of another node, and sends it the down frame. */
    private final class ProxyWatcher implements Watcher {
        private final String watcherNode;
        private final long id;
        volatile boolean obsolete;

        ProxyWatcher(String watcherNode, long id) {
            this.watcherNode = watcherNode;
            this.id = id;
        }

        @Override
        public void down(ActorRef<?> who, ExitReason reason) {
            if (proxies.remove(watcherNode + "/" + id) != null && !obsolete) {
                node.outbound.signal(watcherNode, Frames.DOWN, -1, id, Refs.text(who), Outbound.reason(reason));
            }
        }

        @Override
        public boolean isObsolete() {
            return obsolete;
        }
    }
}
