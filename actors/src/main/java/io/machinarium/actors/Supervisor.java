package io.machinarium.actors;

import io.machinarium.core.CancelledException;
import io.machinarium.core.MisuseException;
import io.machinarium.core.TimedOutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running supervisor: an actor that starts its children, links to them, and restarts them by its
 * {@link SupervisorSpec} when they exit. Business code never writes the restart logic; it reads the
 * current incarnation of a child here, typed by the child's spec, or through the registry.
 *
 * <pre>{@code
 * ChildSpec<ActorRef<Job>> worker = ChildSpec.actor("worker", workerBody);
 * Supervisor sup = Supervisor.startAndAwait(system, "root", SupervisorSpec.of(Strategy.ONE_FOR_ONE, worker),
 *         Duration.ofSeconds(5));                // returns once the worker runs
 * ActorRef<Job> w = sup.child(worker);            // the incarnation running now, no cast
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
    /** The specs it supervises, by id; set before its actor runs. */
    private volatile Map<String, ChildSpec<?>> specs = Map.of();
    /** How its first start goes; what {@link #startAndAwait} waits on. */
    final StartProgress progress;

    /** A handle whose first start is fail-fast ({@link StartProgress}) or not. */
    Supervisor(boolean failFastStart) {
        progress = new StartProgress(failFastStart);
    }

    /**
     * Starts a top-level supervisor on the least-loaded machine. Returns at once, before its children
     * exist (see {@link #startAndAwait}); the children start in order on the supervisor's coroutine. If a
     * child's spawn fails, the supervisor exits crashed; a child that crashes early is restarted as its
     * spec says, like any crash.
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
     * Starts a top-level supervisor as the options say (machine, registration). Returns at once.
     *
     * @param system the actor system
     * @param options how to spawn the supervisor's own actor
     * @param spec what it supervises
     * @return the handle
     */
    public static Supervisor start(ActorSystem system, SpawnOptions options, SupervisorSpec spec) {
        return start(system, options, spec, false);
    }

    private static Supervisor start(ActorSystem system, SpawnOptions options, SupervisorSpec spec,
            boolean failFast) {
        Objects.requireNonNull(spec, "spec");
        Supervisor handle = new Supervisor(failFast);
        handle.self = system.spawnCell(options, new SupervisorActor(spec, handle, null));
        return handle;
    }

    /**
     * Starts a top-level supervisor and returns once every child is running. See
     * {@link #startAndAwait(ActorSystem, SpawnOptions, SupervisorSpec, Duration)}.
     *
     * @param system the actor system
     * @param name the supervisor's actor name
     * @param spec what it supervises
     * @param timeout how long to wait at most; null waits forever
     * @return the handle, every child running
     * @throws ChildFailedToStartException if a child failed to start (its failure is the cause)
     * @throws TimedOutException if not every child was running in time (the supervisor was stopped)
     * @throws ActorExitedException if the supervisor exited first (it was stopped)
     * @throws CancelledException if the caller is cancelled while it waits (the supervisor was stopped)
     */
    public static Supervisor startAndAwait(ActorSystem system, String name, SupervisorSpec spec, Duration timeout) {
        return startAndAwait(system, SpawnOptions.named(name), spec, timeout);
    }

    /**
     * Starts a top-level supervisor as the options say, and blocks the caller (a coroutine suspends, a
     * thread parks) until every child's start has run: an actor's body has begun, a server's
     * {@link ServerBehaviour#init} has returned, a nested supervisor's own children are running. The children
     * start one after another, each once the one before is running, so that a child may rely on those before
     * it. Then {@link #child(ChildSpec)} finds each of them (until one exits later).
     *
     * <p>The start is fail-fast, like OTP's {@code supervisor:start_link}: if a child's spawn fails (its name is
     * taken) or it exits abnormally before it is running (its {@code init} threw), nothing is restarted; the
     * supervisor stops the children it had started, last first, waiting for each as its shutdown timeout
     * allows, exits crashed, and this method throws {@link ChildFailedToStartException} with the child's
     * failure as the cause. A nested supervisor's start is fail-fast too. Once every child has been running,
     * the supervisor restarts as its spec says, like one started with {@link #start}.
     *
     * <p>On a timeout or a cancellation the supervisor is stopped (without waiting for it to end), so that
     * nothing is left running that the caller holds no handle to.
     *
     * @param system the actor system
     * @param options how to spawn the supervisor's own actor
     * @param spec what it supervises
     * @param timeout how long to wait at most; null waits forever
     * @return the handle, every child running
     * @throws ChildFailedToStartException if a child failed to start (its failure is the cause)
     * @throws TimedOutException if not every child was running in time (the supervisor was stopped)
     * @throws ActorExitedException if the supervisor exited first (stopped by someone else)
     * @throws CancelledException if the caller is cancelled while it waits (the supervisor was stopped)
     */
    public static Supervisor startAndAwait(ActorSystem system, SpawnOptions options, SupervisorSpec spec,
            Duration timeout) {
        Supervisor handle = start(system, options, spec, true);
        try {
            handle.progress.await(handle.self, timeout);
        } catch (TimedOutException | CancelledException e) {
            handle.stop();
            throw e;
        }
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
     * The running incarnation of a child, typed by its spec: an {@code ActorRef<M>} for
     * {@link ChildSpec#actor}, a {@code ServerRef<M>} for {@link ChildSpec#server}, the nested
     * {@code Supervisor} for {@link ChildSpec#supervisor}. Never blocks.
     *
     * @param spec the child's spec, as given to this supervisor (or a copy of it made by its
     *     {@code with}-style methods)
     * @param <T> what the spec gives
     * @return the running incarnation, or null while it is not running (between a crash and its restart,
     *     or gone)
     * @throws MisuseException if this supervisor was not given that spec
     */
    public <T> T child(ChildSpec<T> spec) {
        ChildSpec<?> mine = specs.get(spec.id());
        if (mine == null || mine.starter != spec.starter) {
            throw new MisuseException("supervisor '" + self.name() + "' was not given this spec of child '" + spec.id()
                    + "'; pass the spec (or a copy of it) that is in its SupervisorSpec");
        }
        ActorRef<?> ref = current.get(spec.id());
        return ref == null ? null : spec.view.of(ref, nested.get(spec.id()));
    }

    /**
     * The running incarnation of a child actor, found by id and checked at run time as
     * {@link ActorSystem#whereis(String, Class)} checks: it must be a plain actor (for a server child use
     * {@link #child(ChildSpec)} or {@link ServerRef#of(ActorRef, Class)}), and if its body's class declares
     * its message type, that type must take {@code messageType}. Never blocks.
     *
     * @param id the child's id
     * @param messageType the messages the caller will send
     * @param <M> the message type
     * @return its reference, or null while it is not running (between a crash and its restart, or gone)
     * @throws MisuseException if the child is a server or a supervisor, or takes another type (the message
     *     names both types)
     */
    public <M> ActorRef<M> child(String id, Class<M> messageType) {
        Objects.requireNonNull(messageType, "messageType");
        ActorRef<?> ref = current.get(id);
        return ref == null ? null : MessageTypes.checkedActor((ActorCell<?>) ref,
                "child '" + id + "' of supervisor '" + self.name() + "'", messageType);
    }

    /**
     * The running incarnation of a child, found by id, unchecked as to its message type.
     *
     * @param id the child's id
     * @param <M> the child's message type (unchecked)
     * @return its reference, or null while it is not running (between a crash and its restart, or gone)
     * @deprecated the message type is an unchecked cast: use {@link #child(ChildSpec)} or
     *     {@link #child(String, Class)}
     */
    @Deprecated
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

    void adopt(SupervisorSpec spec) {
        Map<String, ChildSpec<?>> byId = new HashMap<>();
        for (ChildSpec<?> c : spec.children()) {
            byId.put(c.id(), c);
        }
        specs = Map.copyOf(byId);
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
