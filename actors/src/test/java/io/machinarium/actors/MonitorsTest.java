package io.machinarium.actors;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.MachinariumTest;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Monitors: the Down message with the exit reason, on any machine, and a cancelled monitor silent. */
@MachinariumTest(machines = 2)
class MonitorsTest {
    private Machinarium rt;

    private ActorSystem system;

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
        system = ActorSystem.create(rt);
    }

    @AfterEach
    void stop() {
        system.close();
    }

    /** An actor that waits for one message and then crashes with it, or returns on "quit". */
    private ActorRef<String> victim(int machine) {
        return system.spawn(SpawnOptions.named("victim").on(rt.machine(machine)), (ActorContext<String> ctx) -> {
            String m = ctx.receive();
            if (!m.equals("quit")) {
                throw new IllegalStateException(m);
            }
        });
    }

    @Test
    void aMonitorSeesTheCrashReasonOnAnotherMachine() {
        ActorRef<String> victim = victim(1);
        AtomicReference<Object> down = new AtomicReference<>();
        ActorRef<Object> watcher = system.spawn(SpawnOptions.named("watcher").on(rt.machine(0)),
                (ActorContext<Object> ctx) -> {
                    Monitor m = ctx.monitor(victim, d -> d);
                    victim.tell("bad input");
                    Down d = ctx.receive(Down.class, T);
                    assertThat(d.monitor()).isSameAs(m);
                    down.set(d);
                });
        assertThat(watcher.awaitExit(T)).isEqualTo(ExitReason.NORMAL);
        Down d = (Down) down.get();
        assertThat(d.actor()).isSameAs(victim);
        assertThat(d.reason().kind()).isEqualTo(ExitReason.Kind.CRASHED);
        assertThat(d.reason().cause()).isInstanceOf(IllegalStateException.class).hasMessage("bad input");
    }

    @Test
    void aMonitorSeesAStopAndANormalExit() {
        ActorRef<String> stopped = victim(1);
        ActorRef<String> quits = victim(1);
        ActorRef<Object> watcher = system.spawn((ActorContext<Object> ctx) -> {
            ctx.monitor(stopped, d -> d);
            ctx.monitor(quits, d -> d);
            stopped.stop();
            quits.tell("quit");
            Down a = ctx.receive(Down.class, T);
            Down b = ctx.receive(Down.class, T);
            Down forStopped = a.actor() == stopped ? a : b;
            Down forQuit = a.actor() == stopped ? b : a;
            assertThat(forStopped.reason()).isEqualTo(ExitReason.STOPPED);
            assertThat(forQuit.reason()).isEqualTo(ExitReason.NORMAL);
        });
        assertThat(watcher.awaitExit(T)).isEqualTo(ExitReason.NORMAL);
    }

    /**
     * The watcher's monitor is queued to the victim's machine, its stop cancels at once; the victim, holding its
     * machine meanwhile (blocked on a latch: the machine takes no task from its inbox, and spends no processor),
     * sees the stop before its machine has taken the monitor. The stop still comes after the monitor, as its
     * sender ordered them.
     */
    @Test
    void aMonitorThenAStopSeesTheStopEvenWhenTheVictimWasBusyMeanwhile() {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ActorRef<String> busy = system.spawn(SpawnOptions.named("busy").on(rt.machine(1)), (ActorContext<String> ctx) -> {
            started.countDown();
            release.await(T.toMillis(), TimeUnit.MILLISECONDS);  // holds machine 1
            ctx.receive();  // where the stop is seen
        });
        Await.until(T, () -> started.getCount() == 0, () -> "the busy actor never started");
        ActorRef<Object> watcher = system.spawn(SpawnOptions.named("watcher").on(rt.machine(0)),
                (ActorContext<Object> ctx) -> {
                    ctx.monitor(busy, d -> d);
                    busy.stop();
                    release.countDown();
                    Down d = ctx.receive(Down.class, T);
                    assertThat(d.reason()).isEqualTo(ExitReason.STOPPED);
                });
        assertThat(watcher.awaitExit(T)).isEqualTo(ExitReason.NORMAL);
    }

    @Test
    void monitoringAnExitedActorDeliversNoActorAtOnce() {
        ActorRef<String> gone = victim(1);
        gone.tell("quit");
        gone.awaitExit(T);
        ActorRef<Object> watcher = system.spawn((ActorContext<Object> ctx) -> {
            ctx.monitor(gone, d -> d);
            Down d = ctx.receive(Down.class, T);
            assertThat(d.reason().kind()).isEqualTo(ExitReason.Kind.NO_ACTOR);
        });
        assertThat(watcher.awaitExit(T)).isEqualTo(ExitReason.NORMAL);
    }

    @Test
    void aCancelledMonitorDeliversNothing() {
        ActorRef<String> victim = victim(1);
        ActorRef<Object> watcher = system.spawn((ActorContext<Object> ctx) -> {
            Monitor m = ctx.monitor(victim, d -> d);
            m.cancel();
            victim.tell("crash");
            victim.awaitExit(T);
            assertThat(ctx.poll(Duration.ofMillis(100))).isNull();
        });
        assertThat(watcher.awaitExit(T)).isEqualTo(ExitReason.NORMAL);
    }
}
