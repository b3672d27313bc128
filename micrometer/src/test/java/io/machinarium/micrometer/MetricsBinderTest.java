package io.machinarium.micrometer;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.testing.Await;
import io.machinarium.actors.ActorContext;
import io.machinarium.actors.ActorRef;
import io.machinarium.actors.ActorSystem;
import io.machinarium.actors.ChildSpec;
import io.machinarium.actors.SpawnOptions;
import io.machinarium.actors.Strategy;
import io.machinarium.actors.Supervisor;
import io.machinarium.actors.SupervisorSpec;
import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.core.Machine;
import io.machinarium.net.IoContext;
import io.machinarium.net.IoOptions;
import io.machinarium.net.Listener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The binders report the listed meters with values that follow what the runtime does. */
class MetricsBinderTest {
    private static void eventually(String what, BooleanSupplier ok) {
        Await.until(what, ok);
    }

    @Test
    void machineMetersCountCoroutinesByStateSwitchesAndLag() throws Exception {
        try (Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(1).machineNames("m0").build())) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new MachineMetrics(rt).bindTo(registry);
            Machine m = rt.machine(0);
            List<Coroutine> sleepers = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                sleepers.add(m.spawn(() -> Coroutine.sleep(Duration.ofHours(1))));
            }
            eventually("25 waiting", () -> registry.get("machinarium.coroutines").tag("machine", "m0")
                    .tag("state", "waiting").gauge().value() == 25);
            assertThat(registry.get("machinarium.coroutines").tag("state", "alive").gauge().value()).isEqualTo(25);
            assertThat(registry.get("machinarium.coroutines").tag("state", "ready").gauge().value()).isZero();
            assertThat(registry.get("machinarium.switches").tag("machine", "m0").functionCounter().count())
                    .isGreaterThanOrEqualTo(25);
            assertThat(registry.get("machinarium.inbox.depth").gauge().value()).isGreaterThanOrEqualTo(0);
            System.gc();  // the meters must hold what they read (a weakly held probe would read NaN now)
            registry.get("machinarium.loop.lag").timeGauge().value(TimeUnit.NANOSECONDS);  // sends a probe
            eventually("a lag was measured", () -> registry.get("machinarium.loop.lag").timeGauge()
                    .value(TimeUnit.NANOSECONDS) > 0);
            sleepers.forEach(Coroutine::cancel);
            eventually("none left", () -> registry.get("machinarium.coroutines").tag("state", "alive").gauge().value() == 0);
            assertThat(registry.get("machinarium.stalls").functionCounter().count()).isZero();
        }
    }

    @Test
    void ioMetersFollowBytesAndOpenContexts() throws Exception {
        try (Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(1).build())) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new IoMetrics(rt).bindTo(registry);
            double read0 = registry.get("machinarium.io.bytes").tag("direction", "read").functionCounter().count();
            double written0 = registry.get("machinarium.io.bytes").tag("direction", "written").functionCounter().count();
            double opened0 = registry.get("machinarium.io.opened").functionCounter().count();
            System.gc();
            AtomicReference<SocketAddress> addr = new AtomicReference<>();
            Coroutine server = rt.machine(0).spawn(() -> {
                try (Listener l = Listener.bind(new InetSocketAddress("127.0.0.1", 0))) {
                    addr.set(l.localAddress());
                    try (IoContext io = l.accept(T)) {
                        for (ByteBuf b = io.readSome(T); b != null; b = io.readSome(T)) {
                            io.write(b);
                        }
                    }
                }
            });
            eventually("listening", () -> addr.get() != null);
            double[] openWhileConnected = new double[1];
            rt.machine(0).spawn(() -> {
                try (IoContext c = IoContext.connect(addr.get(), T, IoOptions.defaults())) {
                    c.write(new byte[4096]);
                    c.read(4096, T).release();
                    openWhileConnected[0] = registry.get("machinarium.io.open").gauge().value();
                    c.shutdownOutput(T);
                }
            }).join(T);
            server.join(T);
            assertThat(openWhileConnected[0]).isEqualTo(2);
            // the runtime's own counters: exactly this test's traffic
            assertThat(registry.get("machinarium.io.bytes").tag("direction", "read").functionCounter().count() - read0)
                    .isEqualTo(8192);
            assertThat(registry.get("machinarium.io.bytes").tag("direction", "written").functionCounter().count() - written0)
                    .isEqualTo(8192);
            assertThat(registry.get("machinarium.io.opened").functionCounter().count() - opened0).isEqualTo(2);
            assertThat(registry.get("machinarium.io.errors").functionCounter().count()).isZero();
        }
    }

    @Test
    void actorMetersReportMailboxDepthsRestartsAndDeadLetters() throws Exception {
        try (Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(2).build());
             ActorSystem system = ActorSystem.create(rt)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new ActorMetrics(system, "bank").bindTo(registry);
            ActorRef<Integer> hoarder = system.spawn(SpawnOptions.named("hoarder").on(rt.machine(1)),
                    (ActorContext<Integer> ctx) -> ctx.receive(x -> x == -1, T));
            for (int i = 0; i < 12; i++) {
                hoarder.tell(i);
            }
            // wait on the system's own count, which has no cache: the gauge's first reading then takes its
            // first snapshot, after the twelve tells have landed, so no reuse window needs outwaiting
            eventually("12 queued", () -> system.mailboxes(T).queued() == 12);
            assertThat(registry.get("machinarium.actors.mailbox.queued").tag("system", "bank").gauge().value())
                    .isEqualTo(12);
            assertThat(registry.get("machinarium.actors.mailbox.longest").gauge().value()).isEqualTo(12);
            assertThat(registry.get("machinarium.actors.live").gauge().value()).isEqualTo(1);
            Supervisor sup = Supervisor.start(system, "sup", SupervisorSpec.of(Strategy.ONE_FOR_ONE,
                    ChildSpec.actor("crasher", (ActorContext<String> ctx) -> {
                        if (ctx.receive().equals("crash")) {
                            throw new IllegalStateException("crash");
                        }
                    })));
            eventually("child up", () -> sup.child("crasher") != null);
            sup.<String>child("crasher").tell("crash");
            eventually("one restart", () -> registry.get("machinarium.actors.restarts").functionCounter().count() == 1);
            hoarder.tell(-1);
            hoarder.awaitExit(T);
            hoarder.tell(99);  // to an exited actor: a dead letter
            assertThat(registry.get("machinarium.actors.dead.letters").functionCounter().count())
                    .isGreaterThanOrEqualTo(12 + 1);  // the 12 left in its mailbox, then the late one
        }
    }
}
