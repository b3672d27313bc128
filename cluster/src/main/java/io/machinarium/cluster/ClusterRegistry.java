package io.machinarium.cluster;

import io.machinarium.actors.ActorAddress;
import io.machinarium.actors.ActorRef;
import io.machinarium.actors.ActorSignal;
import io.machinarium.actors.ExitReason;
import io.machinarium.actors.NameTakenException;
import io.machinarium.actors.Watcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.Subscription;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster-wide names, in a JetStream key-value bucket ({@code mc_<cluster>_names}, file storage, so the
 * names outlive every node's restart): a name maps to its holder's node, incarnation and actor id. A name
 * is taken with an atomic create, or an update at the revision read, and refused with
 * {@link NameTakenException} while its holder's node is alive with that incarnation. The holder's node
 * subscribes to the name's subject, so a message by name reaches it; the name is released when the
 * holder exits or its node leaves, and freed by the other nodes when its node is declared down. Every
 * node keeps the bucket in a local map through a watch, so a lookup costs no round trip.
 *
 * <p>Thread safety: any thread; {@link #register} blocks the caller for JetStream (offloaded in a coroutine).
 */
final class ClusterRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterRegistry.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final ClusterNode node;
    private final KeyValue kv;
    /** The bucket as the watch last showed it. */
    private final ConcurrentHashMap<String, Holder> known = new ConcurrentHashMap<>();
    /** Names held here: the actor and the subscription of the name's subject. */
    private final ConcurrentHashMap<String, Held> held = new ConcurrentHashMap<>();

    /** A bucket entry. */
    record Holder(String node, long incarnation, long id, long revision) {
        static Holder parse(String text, long revision) {
            String[] p = text.split(" ");
            return new Holder(Subjects.check("node", p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]), revision);
        }
    }

    private record Held(ActorRef<?> ref, Subscription subscription, long revision) {
    }

    ClusterRegistry(ClusterNode node) throws IOException, JetStreamApiException, InterruptedException {
        this.node = node;
        this.kv = Buckets.open(node.link, node.config, node.subjects.namesBucket());
        kv.watchAll(new KeyValueWatcher() {
            @Override
            public void watch(KeyValueEntry e) {
                if (e.getOperation() == KeyValueOperation.PUT) {
                    try {
                        known.put(e.getKey(), Holder.parse(e.getValueAsString(), e.getRevision()));
                    } catch (RuntimeException x) {
                        LOG.warn("the registry entry '{}' is not one: '{}'", e.getKey(), e.getValueAsString());
                    }
                } else {
                    known.remove(e.getKey());
                }
            }

            @Override
            public void endOfData() {
            }
        });
    }

    /** Registers a local actor under a cluster-wide name. Blocks for JetStream. */
    void register(String name, ActorRef<?> ref) {
        Subjects.check("registered", name);
        ActorAddress a = ref.address();
        if (!a.node().equals(node.name())) {
            throw new io.machinarium.core.MisuseException("only an actor of this node can be registered here, not "
                    + ref.name() + " of node '" + a.node() + "'");
        }
        byte[] value = (node.name() + " " + node.membership.incarnation() + " " + a.id()).getBytes(StandardCharsets.UTF_8);
        node.refs.export(ref);  // whereis on another node gives its address: it must answer by address too
        long revision = Blocking.call("registering '" + name + "'", CALL_TIMEOUT, () -> take(name, value, ref));
        String what = "name '" + name + "'";  // made once, not per message
        Subscription s = node.link.subscribe(node.subjects.name(name), m -> node.inbound.onNamedFrame(ref, m, what));
        held.put(name, new Held(ref, s, revision));
        known.put(name, new Holder(node.name(), node.membership.incarnation(), a.id(), revision));
        ref.signal(new ActorSignal.Watch(new Watcher() {
            @Override
            public void down(ActorRef<?> who, ExitReason reason) {
                node.executor.execute(() -> release(name, ref));
            }

            @Override
            public boolean isObsolete() {
                return false;
            }
        }));
    }

    private long take(String name, byte[] value, ActorRef<?> ref) throws IOException, JetStreamApiException {
        for (int attempt = 0; ; attempt++) {
            try {
                return kv.create(name, value);
            } catch (JetStreamApiException e) {
                KeyValueEntry current = kv.get(name);
                if (current == null || attempt >= 8) {
                    throw e;  // not "the name exists": JetStream refused for another reason, or it keeps racing
                }
                Holder h = Holder.parse(current.getValueAsString(), current.getRevision());
                if (node.membership.isLive(h.node(), h.incarnation())) {
                    if (h.node().equals(node.name()) && h.id() == ref.address().id()) {
                        return current.getRevision();  // it holds the name already
                    }
                    throw new NameTakenException("the cluster-wide name '" + name + "' is held by actor "
                            + h.node() + "/" + h.id() + " of live node '" + h.node() + "'");
                }
                try {
                    return kv.update(name, value, current.getRevision());  // its holder's node is gone: take it over
                } catch (JetStreamApiException raced) {
                    LOG.debug("taking over '{}' raced: {}", name, raced.getMessage());
                }
            }
        }
    }

    /** The holder exited: stop serving the name and free it (on the cluster's executor: it blocks). */
    private void release(String name, ActorRef<?> ref) {
        Held h = held.get(name);
        if (h == null || !h.ref().equals(ref) || !held.remove(name, h)) {
            return;
        }
        node.link.drain(h.subscription());  // what is on its way reaches the exited actor: dead letters
        try {
            kv.delete(name, h.revision());
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            LOG.debug("freeing '{}' failed (another node freed or took it): {}", name, e.toString());
        }
    }

    /** Membership: the names of a lost node are freed (conditionally: whoever is first). */
    void nodeDown(String lost) {
        for (Map.Entry<String, Holder> e : known.entrySet()) {
            Holder h = e.getValue();
            if (h.node().equals(lost)) {
                node.executor.execute(() -> {
                    try {
                        kv.delete(e.getKey(), h.revision());
                    } catch (IOException | JetStreamApiException | RuntimeException x) {
                        LOG.debug("freeing '{}' of lost node '{}': {}", e.getKey(), lost, x.toString());
                    }
                });
            }
        }
    }

    /** Leaving cleanly: every name held here is freed now. */
    void releaseAll() {
        for (Map.Entry<String, Held> e : Map.copyOf(held).entrySet()) {
            release(e.getKey(), e.getValue().ref());
        }
    }

    /** The local holder of a name, or null. */
    ActorRef<?> localHolder(String name) {
        Held h = held.get(name);
        return h != null && h.ref().isAlive() ? h.ref() : null;
    }

    /** The holder of a name now — the local actor itself if it is here — or null if no live node holds it. */
    ActorRef<?> whereis(String name) {
        ActorRef<?> local = localHolder(name);
        if (local != null) {
            return local;
        }
        Holder h = known.get(name);
        if (h == null || h.node().equals(node.name()) || !node.membership.isLive(h.node(), h.incarnation())) {
            return null;
        }
        return new RemoteActorRef<>(node, new ActorAddress(h.node(), h.id()));
    }

    /** The names and their live holders, for the cluster view. */
    Map<String, String> view() {
        Map<String, String> out = new TreeMap<>();
        known.forEach((n, h) -> {
            if (node.membership.isLive(h.node(), h.incarnation())) {
                out.put(n, h.node() + "/" + h.id());
            }
        });
        return out;
    }
}
