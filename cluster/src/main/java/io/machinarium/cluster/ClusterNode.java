package io.machinarium.cluster;

import io.machinarium.actors.ActorRef;
import io.machinarium.actors.ActorSystem;
import io.machinarium.actors.NameTakenException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.MisuseException;
import io.nats.client.ConnectionListener;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An actor system joined to a cluster over NATS: its actors become reachable from other processes, and
 * theirs from it, with the same {@link ActorRef} — {@code tell}, {@code ask}, links, monitors — so actor
 * code does not change when its peer moves to another process.
 *
 * <pre>{@code
 * ActorSystem system = ActorSystem.create(runtime, "node-1");
 * try (ClusterNode cluster = ClusterNode.join(system, ClusterConfig.builder("bank", "node-1")
 *         .servers("nats://127.0.0.1:4222").messageTypes(AccountOp.class).build())) {
 *     cluster.register("a7", account);                 // reachable from every node by that name
 *     ActorRef<AccountOp> a9 = cluster.named("a9");    // wherever a9 runs now
 *     long balance = a9.ask(reply -> new Balance(reply), Duration.ofSeconds(1));
 * }
 * }</pre>
 *
 * <p>Delivery: between two given actors messages arrive in the order they were sent. A {@code tell} is
 * at most once: what NATS had in flight when a connection broke may be lost (NATS core has no
 * redelivery), and a message that could not be delivered — to a name nobody holds, an actor that is not
 * there, a type that does not decode — is a dead letter of the receiving or sending system, counted in
 * {@link #stats()}. What is sent to a node that is then lost before it confirmed receiving it (each node
 * reports, every heartbeat interval and as it leaves, how many frames it received from each other) is
 * counted as {@code unconfirmed} — at most what the loss took, since what arrived after the node's last
 * report is among it; a message for a node not known to be up, or by name or group, is counted by NATS's
 * "no responders" instead ({@code no_responders}). A message to an actor of this node never goes through
 * NATS. An {@code ask} waits on a reply subject of its own: a late reply never answers a later request and
 * is counted as a dead letter. When a node is lost (no heartbeat for {@link ClusterConfig#downAfter()}),
 * monitors and links on its actors fire with {@link io.machinarium.actors.ExitReason.Kind#NO_CONNECTION},
 * and requests waiting on it fail at once.
 *
 * <p>Threads: NATS's own threads receive and hand each message to the target actor's machine through its
 * inbox; a coroutine never blocks its machine on NATS. {@link #join}, {@link #register} and the
 * {@link DurableMap} calls block the caller (a coroutine suspends while JetStream answers on the offload
 * pool). Everything else never blocks and works from any thread.
 *
 * @since 0.1.0
 */
public final class ClusterNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

    final ClusterConfig config;
    final ActorSystem system;
    final Subjects subjects;
    final ClusterCounters counters = new ClusterCounters();
    final ScheduledExecutorService executor;
    final Refs refs;
    final Codecs codecs;
    final Outbound outbound;
    final Inbound inbound;
    final Asks asks;
    final RemoteWatches watches;
    final Membership membership;
    final Groups groups;
    final Undelivered undelivered;
    final Confirmations confirmations;
    final NatsLink link;
    final ClusterRegistry registry;
    private volatile boolean closed;

    private ClusterNode(ActorSystem system, ClusterConfig config) throws IOException, InterruptedException,
            JetStreamApiException {
        this.config = config;
        this.system = system;
        this.subjects = new Subjects(config.cluster());
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-" + config.node());
            t.setDaemon(true);
            return t;
        });
        this.refs = new Refs(this);
        this.codecs = new Codecs(config, refs);
        this.outbound = new Outbound(this);
        this.inbound = new Inbound(this);
        this.asks = new Asks(this);
        this.watches = new RemoteWatches(this);
        this.membership = new Membership(this);
        this.groups = new Groups(this);
        this.undelivered = new Undelivered(this);
        this.confirmations = new Confirmations(counters);
        NatsLink l;
        try {
            l = new NatsLink(config, counters, this::onConnection);
        } catch (IOException | InterruptedException | RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
        this.link = l;
        try {
            link.subscribe(subjects.node(config.node()), inbound::onNodeFrame);
            link.subscribe(subjects.replies(config.node()), asks::onReply);
            link.subscribe(subjects.undeliveredAll(config.node()), undelivered::onStatus);
            this.registry = new ClusterRegistry(this);
            membership.start(executor);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            link.close();
            executor.shutdownNow();
            throw e;
        }
    }

    /**
     * Joins a cluster: connects to one of the NATS servers, subscribes, and waits two heartbeat intervals
     * for the other members to answer its hello, so that its view of the cluster (and of who holds which
     * name) is complete when this returns. Blocks the caller (a coroutine suspends).
     *
     * @param system the actor system that joins; its {@link ActorSystem#node()} must be the configured node
     * @param config the cluster, the node, the servers and the rest
     * @return the joined node
     * @throws ClusterException if no server could be reached in time, the credentials were refused, or
     *     JetStream is not enabled on the servers (the registry needs it)
     * @throws MisuseException if the system's node name is not the configured one
     */
    public static ClusterNode join(ActorSystem system, ClusterConfig config) {
        Objects.requireNonNull(system, "system");
        if (!system.node().equals(config.node())) {
            throw new MisuseException("the actor system is node '" + system.node() + "' but the cluster configuration"
                    + " names node '" + config.node() + "': create the system with ActorSystem.create(runtime, \""
                    + config.node() + "\")");
        }
        ClusterNode n = Blocking.call("joining cluster '" + config.cluster() + "' as '" + config.node() + "' on "
                + config.servers(), config.connectTimeout().plusSeconds(10), () -> new ClusterNode(system, config));
        long settle = config.heartbeat().multipliedBy(2).toMillis();
        if (Coroutine.current() != null) {
            Coroutine.sleep(settle);
        } else {
            try {
                TimeUnit.MILLISECONDS.sleep(settle);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LOG.info("node '{}' joined cluster '{}' on {}", config.node(), config.cluster(), n.link.connectedUrl());
        return n;
    }

    private void onConnection(ConnectionListener.Events e) {
        if (e == ConnectionListener.Events.RECONNECTED && membership != null) {
            executor.execute(membership::reconnected);
        }
    }

    /** Membership: node {@code lost} is gone; everything that waits on it learns now. */
    void lost(String lost, String why) {
        confirmations.lost(lost);
        watches.nodeDown(lost, why);
        asks.nodeDown(lost, why);
        if (registry != null) {
            registry.nodeDown(lost);
        }
    }

    /** {@return this node's name} */
    public String name() {
        return config.node();
    }

    /** {@return the actor system that joined} */
    public ActorSystem system() {
        return system;
    }

    /**
     * Registers a local actor under a cluster-wide name: from every node {@link #named} reaches it and
     * {@link #whereis} finds it. The name is released when the actor exits or this node leaves, and freed
     * when this node is declared down. Blocks the caller for JetStream (a coroutine suspends).
     *
     * @param name the name: letters, digits, {@code _} and {@code -}
     * @param actor an actor of this node
     * @throws NameTakenException if a live actor of a live node holds the name
     * @throws MisuseException if the actor is not of this node
     * @throws ClusterException if JetStream did not answer
     */
    public void register(String name, ActorRef<?> actor) {
        registry.register(name, actor);
    }

    /**
     * A reference to whichever actor holds a cluster-wide name, now and after a restart: see the class
     * comment for delivery. Never blocks.
     *
     * @param name the registered name
     * @param <M> the message type (unchecked)
     * @return the reference
     */
    public <M> ActorRef<M> named(String name) {
        return new NameRef<>(this, name);
    }

    /**
     * The actor that holds a cluster-wide name now, from this node's copy of the registry (no round trip).
     *
     * @param name the registered name
     * @param <M> the message type (unchecked)
     * @return the local actor itself if it is on this node, a reference by address if it is on another live
     *     node, or null if no live node holds the name
     */
    @SuppressWarnings("unchecked")
    public <M> ActorRef<M> whereis(String name) {
        return (ActorRef<M>) registry.whereis(name);
    }

    /**
     * Makes a local actor a member of a service group: each message to {@link #group} goes to one member.
     * It leaves when it exits. Never blocks.
     *
     * @param group the group's name
     * @param member an actor of this node
     * @throws MisuseException if the actor is not of this node
     */
    public void joinGroup(String group, ActorRef<?> member) {
        groups.join(group, member);
    }

    /**
     * Takes a local actor out of a service group. Never blocks.
     *
     * @param group the group's name
     * @param member the member
     */
    public void leaveGroup(String group, ActorRef<?> member) {
        groups.leave(group, member);
    }

    /**
     * A reference to a service group: each message goes to one member, on any node. Never blocks.
     *
     * @param group the group's name
     * @param <M> the message type (unchecked)
     * @return the reference
     */
    public <M> ActorRef<M> group(String group) {
        return new GroupRef<>(this, group);
    }

    /**
     * A map of durable state in JetStream, made if it does not exist. Blocks the caller for JetStream.
     *
     * @param name the map's name: letters, digits, {@code _} and {@code -}
     * @return the map
     * @throws ClusterException if JetStream did not answer
     */
    public DurableMap durableMap(String name) {
        String bucket = "mc_" + subjects.cluster() + "_state_" + Subjects.check("map", name);
        return Blocking.call("opening durable map '" + name + "'", config.connectTimeout().plusSeconds(10),
                () -> new DurableMap(name, Buckets.open(link, config, bucket)));
    }

    /** {@return the nodes of the cluster as this node sees them, this one included, by name} */
    public List<Member> members() {
        return membership.members();
    }

    /**
     * Subscribes to membership changes. The listener runs on a NATS or cluster thread; it must be quick and
     * must not block.
     *
     * @param listener called once per change
     * @return a handle whose {@code close()} unsubscribes
     */
    public AutoCloseable onMembership(Consumer<MemberEvent> listener) {
        return membership.listen(Objects.requireNonNull(listener, "listener"));
    }

    /** {@return the registered names whose holders are alive, with their addresses, from this node's copy} */
    public Map<String, String> registeredNames() {
        return registry.view();
    }

    /**
     * The service groups this node has members in, with their number; a member that left counts until the
     * messages already on their way to it have been passed back to the group.
     *
     * @return group name to local members
     */
    public Map<String, Integer> localGroups() {
        Map<String, Integer> v = new java.util.TreeMap<>(groups.view());
        if (groups.draining()) {
            v.put("(leaving)", 1);
        }
        return v;
    }

    /** {@return this node's counters now} */
    public ClusterStats stats() {
        return new ClusterStats(counters.sent.sum(), counters.received.sum(), counters.bytesSent.sum(),
                counters.bytesReceived.sum(), counters.deadLetters(), counters.reconnects.sum(),
                counters.slowConsumers.sum(), link.droppedBySlowConsumer(), counters.refused.sum(),
                membership.othersUp());
    }

    /** {@return the NATS server this node is connected to now, or null while it reconnects} */
    public String connectedServer() {
        return link.isConnected() ? link.connectedUrl() : null;
    }

    /**
     * Leaves the cluster cleanly: frees this node's names, tells the others it leaves (so they do not wait
     * to declare it down), and closes the connection. The actor system stays up; close it before this to
     * let its actors' exits reach their remote monitors first. Blocks briefly for JetStream. Closing twice
     * does nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            registry.releaseAll();
            membership.leave();
            link.flush(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            LOG.debug("leaving cluster '{}' cleanly failed: {}", subjects.cluster(), e.toString());
        } finally {
            executor.shutdownNow();
            link.close();
        }
    }

    @Override
    public String toString() {
        return "ClusterNode[" + config.cluster() + "/" + config.node() + "]";
    }
}
