package io.machinarium.actors;

import io.machinarium.core.Machine;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One child of a supervisor: how to start it, when to restart it and how long to wait for it to stop.
 * Immutable; each {@code with}-style method returns a copy.
 *
 * <pre>{@code
 * ChildSpec.actor("cache", cacheBody).restart(Restart.TRANSIENT).on(runtime.machine(1))
 * ChildSpec.server("account-a7", () -> new Account(1000)).registered()
 * ChildSpec.supervisor("workers", SupervisorSpec.of(Strategy.ONE_FOR_ONE, ...))
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ChildSpec {
    /** Starts one incarnation of a child, linked to its supervisor. */
    interface Starter {
        ActorCell<?> start(ActorSystem system, SpawnOptions options, Supervisor supervisorHandle);
    }

    final String id;
    final Restart restart;
    final SpawnOptions options;
    final Duration shutdownTimeout;
    final Starter starter;
    final boolean isSupervisor;

    private ChildSpec(String id, Restart restart, SpawnOptions options, Duration shutdownTimeout, Starter starter,
            boolean isSupervisor) {
        this.id = Objects.requireNonNull(id, "id");
        this.restart = restart;
        this.options = options;
        this.shutdownTimeout = shutdownTimeout;
        this.starter = starter;
        this.isSupervisor = isSupervisor;
    }

    /**
     * A permanent child actor named {@code id}, placed on the least-loaded machine.
     *
     * @param id the child's id within its supervisor, also its actor name
     * @param body its code; a restart runs the same body again from the start
     * @param <M> its message type
     * @return the spec
     */
    public static <M> ChildSpec actor(String id, Actor<M> body) {
        Objects.requireNonNull(body, "body");
        return new ChildSpec(id, Restart.PERMANENT, SpawnOptions.named(id), Duration.ofSeconds(5),
                (system, options, handle) -> system.spawnCell(options, body), false);
    }

    /**
     * A permanent child that is a server behaviour ({@link ServerRef}); each restart gets a fresh
     * behaviour from the supplier.
     *
     * @param id the child's id and actor name
     * @param behaviour makes the behaviour for each incarnation
     * @param <M> the server's request type
     * @return the spec
     */
    public static <M> ChildSpec server(String id, Supplier<? extends ServerBehaviour<M>> behaviour) {
        Objects.requireNonNull(behaviour, "behaviour");
        return new ChildSpec(id, Restart.PERMANENT, SpawnOptions.named(id), Duration.ofSeconds(5),
                (system, options, handle) -> system.spawnCell(options, new ServerActor<M>(behaviour.get())), false);
    }

    /**
     * A permanent child that is itself a supervisor: a supervision tree. When it gives up, it exits
     * crashed and this supervisor handles that like any child failure.
     *
     * @param id the child's id and actor name
     * @param spec the nested supervisor's spec
     * @return the spec
     */
    public static ChildSpec supervisor(String id, SupervisorSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return new ChildSpec(id, Restart.PERMANENT, SpawnOptions.named(id), Duration.ofSeconds(30),
                (system, options, handle) -> system.spawnCell(options, new SupervisorActor(spec, handle)), true);
    }

    /**
     * A copy with another restart type.
     *
     * @param restart when to restart
     * @return the copy
     */
    public ChildSpec restart(Restart restart) {
        return new ChildSpec(id, Objects.requireNonNull(restart), options, shutdownTimeout, starter, isSupervisor);
    }

    /**
     * A copy placed on a machine.
     *
     * @param machine the machine; null for the least-loaded
     * @return the copy
     */
    public ChildSpec on(Machine machine) {
        return new ChildSpec(id, restart, options.on(machine), shutdownTimeout, starter, isSupervisor);
    }

    /**
     * A copy with a bounded mailbox.
     *
     * @param capacity the bound
     * @param overflow the overflow policy
     * @return the copy
     */
    public ChildSpec bounded(int capacity, Overflow overflow) {
        return new ChildSpec(id, restart, options.bounded(capacity, overflow), shutdownTimeout, starter, isSupervisor);
    }

    /**
     * A copy whose every incarnation registers under the id ({@link ActorSystem#whereis}).
     *
     * @return the copy
     */
    public ChildSpec registered() {
        return new ChildSpec(id, restart, options.registered(), shutdownTimeout, starter, isSupervisor);
    }

    /**
     * A copy with another stop timeout: how long the supervisor waits for the child to exit when it
     * stops it to restart it or its siblings (default 5 s, 30 s for supervisors).
     *
     * @param timeout the timeout
     * @return the copy
     */
    public ChildSpec shutdownTimeout(Duration timeout) {
        return new ChildSpec(id, restart, options, Objects.requireNonNull(timeout), starter, isSupervisor);
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
