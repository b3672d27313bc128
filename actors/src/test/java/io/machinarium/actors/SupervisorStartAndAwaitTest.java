package io.machinarium.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.sync.WaitFlag;
import io.machinarium.core.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Supervisor#startAndAwait}: it returns once every child's start has run, and a child that fails
 * to start fails it with the child's failure.
 */
class SupervisorStartAndAwaitTest {
    private static final Duration T = Duration.ofSeconds(10);

    private Machinarium rt;
    private ActorSystem system;
    private final List<String> events = new CopyOnWriteArrayList<>();

    /** What reached the runtime's uncaught-failure handler. */
    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        rt = Machinarium.start(MachinariumConfig.builder().machines(2).shutdownTimeout(Duration.ofSeconds(5))
                .uncaughtFailureHandler((coroutine, failure) -> uncaught.add(failure)).build());
        system = ActorSystem.create(rt);
    }

    @AfterEach
    void stop() {
        system.close();
        rt.close();
    }

    /** A server whose init waits for {@code gate}, then fails if told to. */
    private final class Slow implements ServerBehaviour<String> {
        private final String id;
        private final WaitFlag gate;
        private final RuntimeException failure;

        Slow(String id, WaitFlag gate, RuntimeException failure) {
            this.id = id;
            this.gate = gate;
            this.failure = failure;
        }

        @Override
        public void init(ServerContext<String> ctx) {
            events.add(id + " init begins");
            gate.await(null);
            if (failure != null) {
                events.add(id + " init fails");
                throw failure;
            }
            events.add(id + " init done");
        }

        @Override
        public void terminate(ExitReason reason, ServerContext<String> ctx) {
            events.add(id + " terminate " + reason.kind());
        }
    }

    private ChildSpec<ActorRef<String>> idleActor(String id) {
        return ChildSpec.actor(id, (ActorContext<String> ctx) -> {
            events.add(id + " runs");
            for (;;) {
                if (ctx.receive().equals("crash")) {
                    throw new IllegalStateException(id + " crashed");
                }
            }
        });
    }

    @Test
    void theWaitingStartReturnsOnlyOnceEveryChildIsRunning() throws Exception {
        WaitFlag gate = new WaitFlag();
        ChildSpec<ActorRef<String>> first = idleActor("first");
        ChildSpec<ServerRef<String>> slow = ChildSpec.server("slow", () -> new Slow("slow", gate, null));
        ChildSpec<ServerRef<String>> leaf = ChildSpec.server("leaf", () -> new Slow("leaf", gate, null));
        ChildSpec<Supervisor> inner = ChildSpec.supervisor("inner", SupervisorSpec.of(Strategy.ONE_FOR_ONE, leaf));
        CompletableFuture<Supervisor> started = CompletableFuture.supplyAsync(() -> Supervisor.startAndAwait(system,
                "root", SupervisorSpec.of(Strategy.ONE_FOR_ONE, first, slow, inner), T));
        Await.until(T, () -> events.contains("slow init begins"), events::toString);
        assertThat(started).as("returned while an init was waiting").isNotDone();
        assertThat(events).as("started a child before the one before it was running")
                .doesNotContain("leaf init begins");

        gate.set();
        Supervisor root = started.get(T.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(events).contains("slow init done", "leaf init done");
        assertThat(root.child(first).isAlive()).isTrue();
        assertThat(root.child(slow).isAlive()).isTrue();
        assertThat(root.child(inner).child(leaf).isAlive()).isTrue();
    }

    @Test
    void aChildFailingInItsStartFailsTheStartWithItsCauseAndStopsTheOthers() {
        WaitFlag open = new WaitFlag();
        open.set();
        ChildSpec<ActorRef<String>> first = idleActor("first");
        ChildSpec<ServerRef<String>> db = ChildSpec.server("db",
                () -> new Slow("db", open, new IllegalStateException("no database at db:5432")));
        ChildSpec<ActorRef<String>> last = idleActor("last");
        assertThatThrownBy(() -> Supervisor.startAndAwait(system, "root",
                SupervisorSpec.of(Strategy.ONE_FOR_ONE, first, db, last), T))
                .isInstanceOf(ChildFailedToStartException.class)
                .hasMessageContaining("supervisor 'root': child 'db' failed to start")
                .satisfies(e -> assertThat(((ChildFailedToStartException) e).childId()).isEqualTo("db"))
                .cause().isInstanceOf(IllegalStateException.class).hasMessage("no database at db:5432");
        assertThat(events).containsOnlyOnce("db init fails");  // not restarted
        assertThat(events).doesNotContain("last runs");  // the children start in order, each once the last runs
        Await.until(T, () -> system.liveActors() == 0, () -> system.liveActors() + " actors left running");
        assertThat(uncaught).as("the caller was told; nothing else should report it").isEmpty();
    }

    @Test
    void aNestedChildFailingFailsTheRootStartWithTheChainOfCauses() {
        WaitFlag open = new WaitFlag();
        open.set();
        ChildSpec<Supervisor> inner = ChildSpec.supervisor("inner", SupervisorSpec.of(Strategy.ONE_FOR_ONE,
                ChildSpec.server("cache", () -> new Slow("cache", open, new IllegalStateException("cache full")))));
        assertThatThrownBy(() -> Supervisor.startAndAwait(system, "root",
                SupervisorSpec.of(Strategy.ONE_FOR_ONE, inner), T))
                .isInstanceOf(ChildFailedToStartException.class)
                .hasMessageContaining("child 'inner' failed to start")
                .cause().isInstanceOf(ChildFailedToStartException.class)
                .hasMessageContaining("supervisor 'inner': child 'cache' failed to start")
                .cause().hasMessage("cache full");
        assertThat(events).containsOnlyOnce("cache init fails");
    }

    @Test
    void aChildWhoseSpawnFailsFailsTheStart() {
        system.spawn(SpawnOptions.named("taken").registered(), (ActorContext<String> ctx) -> {
            ctx.receive();
        });
        assertThatThrownBy(() -> Supervisor.startAndAwait(system, "root",
                SupervisorSpec.of(Strategy.ONE_FOR_ONE, idleActor("taken").registered()), T))
                .isInstanceOf(ChildFailedToStartException.class)
                .hasMessageContaining("child 'taken' failed to start: its spawn failed")
                .cause().isInstanceOf(NameTakenException.class);
        Await.until(T, () -> system.liveActors() == 1, () -> system.liveActors() + " actors running");
        assertThat(uncaught).as("the caller was told; nothing else should report it").isEmpty();
    }

    @Test
    void theWaitingStartTimesOutAndStopsTheSupervisor() {
        WaitFlag never = new WaitFlag();
        ChildSpec<ServerRef<String>> stuck = ChildSpec.server("stuck", () -> new Slow("stuck", never, null));
        assertThatThrownBy(() -> Supervisor.startAndAwait(system, SpawnOptions.named("root").registered(),
                SupervisorSpec.of(Strategy.ONE_FOR_ONE, stuck), Duration.ofMillis(200)))
                .isInstanceOf(TimedOutException.class)
                .hasMessage("supervisor 'root' did not have every child running within PT0.2S");
        Await.until(T, () -> events.contains("stuck terminate STOPPED"), events::toString);
        Await.until(T, () -> system.liveActors() == 0, () -> system.liveActors() + " actors left running");
    }

    @Test
    void onceStartedACrashIsRestartedAsItsSpecSays() {
        ChildSpec<ActorRef<String>> worker = idleActor("worker");
        Supervisor root = Supervisor.startAndAwait(system, "root", SupervisorSpec.of(Strategy.ONE_FOR_ONE, worker), T);
        ActorRef<String> before = root.child(worker);
        before.tell("crash");
        Await.until(T, () -> root.child(worker) != null && root.child(worker) != before, () -> "not restarted");
        assertThat(root.child(worker).isAlive()).isTrue();
        assertThat(root.restarts()).isEqualTo(1);
    }

    @Test
    void aSupervisorThatGivesUpAfterItsWaitingStartIsReportedAsUncaught() {
        ChildSpec<ActorRef<String>> worker = idleActor("worker");
        Supervisor root = Supervisor.startAndAwait(system, "root",
                SupervisorSpec.of(Strategy.ONE_FOR_ONE, worker).intensity(0, Duration.ofSeconds(5)), T);
        root.child(worker).tell("crash");
        assertThat(root.awaitExit(T).cause()).isInstanceOf(SupervisorGaveUpException.class);
        Await.until(T, () -> !uncaught.isEmpty(), () -> "the give-up was not reported");
        assertThat(uncaught).singleElement().isInstanceOf(SupervisorGaveUpException.class);
    }
}
