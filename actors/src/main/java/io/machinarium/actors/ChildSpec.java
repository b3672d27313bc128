package io.machinarium.actors;

import io.machinarium.core.Machine;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One child of a supervisor: how to start it, when to restart it and how long to wait for it to stop.
 * Immutable; each {@code with}-style method returns a copy. Typed by what {@link Supervisor#child(ChildSpec)}
 * gives for it: an {@code ActorRef<M>} for an actor, a {@code ServerRef<M>} for a server, a
 * {@link Supervisor} for a nested supervisor — so finding a running child needs no cast.
 *
 * <pre>{@code
 * ChildSpec<ActorRef<Job>> cache = ChildSpec.actor("cache", cacheBody).restart(Restart.TRANSIENT);
 * ChildSpec<ServerRef<AccountOp>> account = ChildSpec.server("account-a7", () -> new Account(1000)).registered();
 * ChildSpec<Supervisor> workers = ChildSpec.supervisor("workers", SupervisorSpec.of(Strategy.ONE_FOR_ONE, ...));
 * Supervisor root = Supervisor.startAndAwait(system, "root",
 *         SupervisorSpec.of(Strategy.ONE_FOR_ONE, cache, account, workers), Duration.ofSeconds(5));
 * ServerRef<AccountOp> a7 = root.child(account);          // the incarnation running now
 * }</pre>
 *
 * @param <T> what {@link Supervisor#child(ChildSpec)} gives for this child
 * @since 0.1.0
 */
public final class ChildSpec<T> {
    /** Starts one incarnation of a child, linked to its supervisor; it runs {@code running} once it is running. */
    interface Starter {
        ActorCell<?> start(ActorSystem system, SpawnOptions options, Supervisor supervisorHandle, Runnable running);
    }

    /** What a running incarnation is seen as. */
    interface View<T> {
        T of(ActorRef<?> incarnation, Supervisor nestedHandle);
    }

    final String id;
    final Restart restart;
    final SpawnOptions options;
    final Duration shutdownTimeout;
    /** Shared by a spec and its copies: what tells a supervisor's own spec from a stranger's. */
    final Starter starter;
    final boolean isSupervisor;
    final View<T> view;

    private ChildSpec(String id, Restart restart, SpawnOptions options, Duration shutdownTimeout, Starter starter,
            boolean isSupervisor, View<T> view) {
        this.id = Objects.requireNonNull(id, "id");
        this.restart = restart;
        this.options = options;
        this.shutdownTimeout = shutdownTimeout;
        this.starter = starter;
        this.isSupervisor = isSupervisor;
        this.view = view;
    }

    /**
     * A permanent child actor named {@code id}, placed on the least-loaded machine. It counts as running
     * once its body has begun.
     *
     * @param id the child's id within its supervisor, also its actor name
     * @param body its code; a restart runs the same body again from the start
     * @param <M> its message type
     * @return the spec
     */
    @SuppressWarnings("unchecked")
    public static <M> ChildSpec<ActorRef<M>> actor(String id, Actor<M> body) {
        Objects.requireNonNull(body, "body");
        return new ChildSpec<>(id, Restart.PERMANENT, SpawnOptions.named(id), Duration.ofSeconds(5),
                (system, options, handle, running) -> system.spawnCell(options, new SupervisedActor<>(body, running)),
                false, (incarnation, nested) -> (ActorRef<M>) incarnation);
    }

    /**
     * A permanent child that is a server behaviour ({@link ServerRef}); each restart gets a fresh
     * behaviour from the supplier. It counts as running once its {@link ServerBehaviour#init} has returned.
     *
     * @param id the child's id and actor name
     * @param behaviour makes the behaviour for each incarnation
     * @param <M> the server's request type
     * @return the spec
     */
    public static <M> ChildSpec<ServerRef<M>> server(String id, Supplier<? extends ServerBehaviour<M>> behaviour) {
        Objects.requireNonNull(behaviour, "behaviour");
        return new ChildSpec<>(id, Restart.PERMANENT, SpawnOptions.named(id), Duration.ofSeconds(5),
                (system, options, handle, running) -> system.spawnCell(options,
                        new ServerActor<M>(behaviour.get(), running)),
                false, (incarnation, nested) -> new ServerRef<>(incarnation));
    }

    /**
     * A permanent child that is itself a supervisor: a supervision tree. When it gives up, it exits
     * crashed and this supervisor handles that like any child failure. It counts as running once every
     * child of its own is running.
     *
     * @param id the child's id and actor name
     * @param spec the nested supervisor's spec
     * @return the spec
     */
    public static ChildSpec<Supervisor> supervisor(String id, SupervisorSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return new ChildSpec<>(id, Restart.PERMANENT, SpawnOptions.named(id), Duration.ofSeconds(30),
                (system, options, handle, running) -> system.spawnCell(options,
                        new SupervisorActor(spec, handle, running)),
                true, (incarnation, nested) -> nested);
    }

    /**
     * A copy with another restart type.
     *
     * @param restart when to restart
     * @return the copy
     */
    public ChildSpec<T> restart(Restart restart) {
        return new ChildSpec<>(id, Objects.requireNonNull(restart), options, shutdownTimeout, starter, isSupervisor,
                view);
    }

    /**
     * A copy placed on a machine.
     *
     * @param machine the machine; null for the least-loaded
     * @return the copy
     */
    public ChildSpec<T> on(Machine machine) {
        return new ChildSpec<>(id, restart, options.on(machine), shutdownTimeout, starter, isSupervisor, view);
    }

    /**
     * A copy with a bounded mailbox.
     *
     * @param capacity the bound
     * @param overflow the overflow policy
     * @return the copy
     */
    public ChildSpec<T> bounded(int capacity, Overflow overflow) {
        return new ChildSpec<>(id, restart, options.bounded(capacity, overflow), shutdownTimeout, starter,
                isSupervisor, view);
    }

    /**
     * A copy whose every incarnation registers under the id ({@link ActorSystem#whereis}).
     *
     * @return the copy
     */
    public ChildSpec<T> registered() {
        return new ChildSpec<>(id, restart, options.registered(), shutdownTimeout, starter, isSupervisor, view);
    }

    /**
     * A copy with another stop timeout: how long the supervisor waits for the child to exit when it
     * stops it to restart it or its siblings (default 5 s, 30 s for supervisors).
     *
     * @param timeout the timeout
     * @return the copy
     */
    public ChildSpec<T> shutdownTimeout(Duration timeout) {
        return new ChildSpec<>(id, restart, options, Objects.requireNonNull(timeout), starter, isSupervisor, view);
    }

    /**
     * The child's id.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * The restart type.
     *
     * @return it
     */
    public Restart restartType() {
        return restart;
    }
}
