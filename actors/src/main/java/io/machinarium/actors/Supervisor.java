package io.machinarium.actors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running supervisor: an actor that starts its children, links to them, and restarts them by its
 * {@link SupervisorSpec} when they exit. Business code never writes the restart logic; it reads the
 * current incarnation of a child here or through the registry.
 *
 * <pre>{@code
 * Supervisor sup = Supervisor.start(system, "root", SupervisorSpec.of(Strategy.ONE_FOR_ONE,
 *         ChildSpec.actor("worker", worker)));
 * ActorRef<Job> w = sup.child("worker");   // the incarnation running now
 * }</pre>
 *
 * <p>Thread safety: any thread. The lookups read a snapshot the supervisor publishes after each change.
 *
 * @since 0.1.0
 */
public final class Supervisor {
    private final ConcurrentHashMap<String, ActorRef<?>> current = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Supervisor> nested = new ConcurrentHashMap<>();
    private final AtomicLong restarts = new AtomicLong();
    private volatile List<String> order = List.of();
    private volatile ActorCell<?> self;

    Supervisor() {
    }

    /**
     * Starts a top-level supervisor on the least-loaded machine. Returns at once; the children start
     * in order on the supervisor's coroutine. If a child fails to start, the supervisor exits crashed.
     *
     * @param system the actor system
     * @param name the supervisor's actor name
     * @param spec what it supervises
     * @return the handle
     */
    public static Supervisor start(ActorSystem system, String name, SupervisorSpec spec) {
        return start(system, SpawnOptions.named(name), spec);
    }

    /**
     * Starts a top-level supervisor as the options say (machine, registration).
     *
     * @param system the actor system
     * @param options how to spawn the supervisor's own actor
     * @param spec what it supervises
     * @return the handle
     */
    public static Supervisor start(ActorSystem system, SpawnOptions options, SupervisorSpec spec) {
        Objects.requireNonNull(spec, "spec");
        Supervisor handle = new Supervisor();
        handle.self = system.spawnCell(options, new SupervisorActor(spec, handle));
        return handle;
    }

    /**
     * The supervisor's own actor (to monitor or link it).
     *
     * @return its reference
     */
    public ActorRef<?> ref() {
        return self;
    }

    /**
     * The running incarnation of a child.
     *
     * @param id the child's id
     * @param <M> the child's message type (unchecked)
     * @return its reference, or null while it is not running (between a crash and its restart, or gone)
     */
    @SuppressWarnings("unchecked")
    public <M> ActorRef<M> child(String id) {
        return (ActorRef<M>) current.get(id);
    }

    /**
     * The handle of a child that is itself a supervisor, for reaching into a tree.
     *
     * @param id the child's id
     * @return the nested supervisor's handle (of its running incarnation), or null
     */
    public Supervisor childSupervisor(String id) {
        return nested.get(id);
    }

    /**
     * The ids of the children it supervises now, in start order.
     *
     * @return the ids
     */
    public List<String> childIds() {
        return order;
    }

    /**
     * How many restarts it has made so far (each restarted child counts once).
     *
     * @return the count
     */
    public long restarts() {
        return restarts.get();
    }

    /** Stops the supervisor, which stops its children (last started first); returns at once. */
    public void stop() {
        self.stop();
    }

    /**
     * Waits until the supervisor has exited: after {@link #stop()}, or after it gave up
     * ({@link SupervisorGaveUpException} as the crash cause).
     *
     * @param timeout how long to wait at most; null waits forever
     * @return why it exited
     */
    public ExitReason awaitExit(Duration timeout) {
        return self.awaitExit(timeout);
    }

    void bindSelf(ActorCell<?> cell) {
        self = cell;
    }

    void published(String id, ActorRef<?> child, Supervisor nestedHandle) {
        if (child == null) {
            current.remove(id);
            nested.remove(id);
        } else {
            current.put(id, child);
            if (nestedHandle != null) {
                nested.put(id, nestedHandle);
            }
        }
    }

    void publishedOrder(List<String> ids) {
        order = List.copyOf(new ArrayList<>(ids));
    }

    void restarted() {
        restarts.incrementAndGet();
    }
}
