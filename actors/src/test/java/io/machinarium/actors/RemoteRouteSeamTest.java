package io.machinarium.actors;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.Machinarium;
import io.machinarium.core.MisuseException;
import io.machinarium.core.channel.SharedChannel;
import io.machinarium.core.testing.MachinariumTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seam a remote reference plugs into: a transport written against {@link ActorRef}, {@link ActorSignal}
 * and {@link Watcher} alone ({@link LoopbackTransport}, which carries plain data only) gives actors of
 * another node the same tell, links and monitors as local ones, with exit reasons that cross as text, and
 * a distinct {@link ExitReason.Kind#NO_CONNECTION} when the node is lost. Actor code does not change.
 */
@MachinariumTest(machines = 2)
class RemoteRouteSeamTest {

    private Machinarium rt;
    private ActorSystem a;
    private ActorSystem b;
    private LoopbackTransport wire;

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
        a = ActorSystem.create(rt, "node-a");
        b = ActorSystem.create(rt, "node-b");
        wire = new LoopbackTransport();
        wire.join(a);
        wire.join(b);
    }

    @AfterEach
    void stop() {
        wire.close();
        a.close();
        b.close();
    }

    /** An actor of node b that echoes strings back to the reference named in the message's first word. */
    private ActorRef<String> echoOnB(SharedChannel<String> seen) {
        ActorRef<String> echo = b.spawn("echo", (ActorContext<String> ctx) -> {
            for (;;) {
                seen.write(ctx.receive());
            }
        });
        wire.exportLocal(echo);
        return echo;
    }

    @Test
    void anAddressNamesItsNodeAndTwoReferencesToOneActorAreEqual() {
        ActorRef<String> echo = echoOnB(new SharedChannel<>());
        ActorRef<String> remote = wire.ref(a, echo.address());
        assertThat(echo.address().node()).isEqualTo("node-b");
        assertThat(remote).isEqualTo(echo).hasSameHashCodeAs(echo);
        assertThat(echo).isEqualTo(remote);
    }

    @Test
    void aMessageThroughARemoteRouteReachesTheSameActorCode() {
        SharedChannel<String> seen = new SharedChannel<>();
        ActorRef<String> remote = wire.ref(a, echoOnB(seen).address());
        for (int i = 0; i < 100; i++) {
            remote.tell("m" + i);
        }
        for (int i = 0; i < 100; i++) {
            assertThat(seen.read(T)).isEqualTo("m" + i);  // in order, as between two local actors
        }
    }

    @Test
    void aMonitorOfARemoteActorGetsItsCrashAsTextWithNoLocalThrowable() throws Exception {
        ActorRef<String> victim = b.spawn("victim", (ActorContext<String> ctx) -> {
            throw new IllegalStateException("boom on b: " + ctx.receive());
        });
        wire.exportLocal(victim);
        ActorRef<String> remote = wire.ref(a, victim.address());
        CompletableFuture<Down> down = new CompletableFuture<>();
        a.spawn("watcher", (ActorContext<Object> ctx) -> {
            ctx.monitor(remote, d -> d);
            remote.tell("now");
            down.complete((Down) ctx.receive());
        });
        Down d = down.get(10, TimeUnit.SECONDS);
        assertThat(d.actor()).isEqualTo(victim);
        ExitReason r = d.reason();
        assertThat(r.kind()).isEqualTo(ExitReason.Kind.CRASHED);
        assertThat(r.causeType()).isEqualTo(IllegalStateException.class.getName());
        assertThat(r.causeMessage()).isEqualTo("boom on b: now");
        assertThat(r.causeStack()).contains("IllegalStateException: boom on b: now").contains("RemoteRouteSeamTest");
        assertThat(r.cause()).isNull();  // the Throwable stayed on node b
        assertThat(victim.awaitExit(T).cause()).isInstanceOf(IllegalStateException.class);  // and is there
    }

    @Test
    void aLinkAcrossNodesTakesTheLocalActorDownWhenTheRemoteOneCrashes() throws Exception {
        ActorRef<String> partner = b.spawn("partner", (ActorContext<String> ctx) -> {
            throw new IllegalArgumentException("partner fails: " + ctx.receive());
        });
        wire.exportLocal(partner);
        ActorRef<String> remote = wire.ref(a, partner.address());
        CompletableFuture<Void> linked = new CompletableFuture<>();
        ActorRef<String> local = a.spawn("local", (ActorContext<String> ctx) -> {
            ctx.link(remote);
            linked.complete(null);
            ctx.receive();  // never comes: the link ends it
        });
        linked.get(10, TimeUnit.SECONDS);
        waitUntilLinked(partner);
        remote.tell("go");
        ExitReason r = local.awaitExit(T);
        assertThat(r.kind()).isEqualTo(ExitReason.Kind.LINKED);
        assertThat(r.causeType()).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(r.detail()).contains("partner fails: go");
    }

    @Test
    void aLostNodeFiresMonitorsAndLinksWithNoConnection() throws Exception {
        ActorRef<String> far = echoOnB(new SharedChannel<>());
        ActorRef<String> remote = wire.ref(a, far.address());
        CompletableFuture<Down> down = new CompletableFuture<>();
        CompletableFuture<Exit> exit = new CompletableFuture<>();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        a.spawn("watcher", (ActorContext<Object> ctx) -> {
            ctx.trapExits(e -> e);
            ctx.monitor(remote, d -> d);
            ctx.link(remote);
            ready.complete(null);
            for (int got = 0; got < 2; got++) {
                Object m = ctx.receive();
                if (m instanceof Down d) {
                    down.complete(d);
                } else if (m instanceof Exit e) {
                    exit.complete(e);
                }
            }
        });
        ready.get(10, TimeUnit.SECONDS);
        waitUntilLinked(far);
        wire.cut("node-b");
        assertThat(down.get(10, TimeUnit.SECONDS).reason().kind()).isEqualTo(ExitReason.Kind.NO_CONNECTION);
        Exit e = exit.get(10, TimeUnit.SECONDS);
        assertThat(e.reason().kind()).isEqualTo(ExitReason.Kind.NO_CONNECTION);
        assertThat(e.reason().isAbnormal()).isTrue();
        assertThat(e.from()).isEqualTo(far);
        assertThat(far.isAlive()).isTrue();  // noconnection says nothing of the actor itself
    }

    @Test
    void aSupervisorRestartsAChildWhoseRemotePeerVanished() throws Exception {
        ActorRef<String> far = echoOnB(new SharedChannel<>());
        ActorRef<String> remote = wire.ref(a, far.address());
        SharedChannel<String> starts = new SharedChannel<>();
        Supervisor sup = Supervisor.start(a, "sup", SupervisorSpec.of(Strategy.ONE_FOR_ONE,
                ChildSpec.actor("client", (ActorContext<String> ctx) -> {
                    ctx.link(remote);
                    starts.write(ctx.self().address().toString());
                    ctx.receive();
                })));
        String first = starts.read(T);
        waitUntilLinked(far);
        wire.cut("node-b");
        String second = starts.read(T);
        assertThat(second).isNotEqualTo(first);  // a new incarnation has a new address
        assertThat(sup.restarts()).isEqualTo(1);
    }

    @Test
    void aWatcherThatThrowsDoesNotKeepTheOthersFromHearingOfTheExit() throws Exception {
        ActorRef<String> victim = a.spawn("victim", (ActorContext<String> ctx) -> {
            ctx.receive();
        });
        victim.signal(new ActorSignal.Watch(new Watcher() {
            @Override
            public void down(ActorRef<?> who, ExitReason reason) {
                throw new IllegalStateException("a broken transport");
            }

            @Override
            public boolean isObsolete() {
                return false;
            }
        }));
        CompletableFuture<ExitReason> heard = new CompletableFuture<>();
        victim.signal(new ActorSignal.Watch(new Watcher() {
            @Override
            public void down(ActorRef<?> who, ExitReason reason) {
                heard.complete(reason);
            }

            @Override
            public boolean isObsolete() {
                return false;
            }
        }));
        victim.tell("end");
        assertThat(heard.get(10, TimeUnit.SECONDS)).isEqualTo(ExitReason.NORMAL);
        assertThat(victim.awaitExit(T)).isEqualTo(ExitReason.NORMAL);
        io.machinarium.core.testing.Await.until(T, () -> a.liveActors() == 0, () -> a.liveActors() + " live");
    }

    @Test
    void theLocalRegistryHoldsOnlyActorsOfThisNode() {
        ActorRef<String> remote = wire.ref(a, echoOnB(new SharedChannel<>()).address());
        assertThatThrownBy(() -> a.register("far", remote)).isInstanceOf(MisuseException.class)
                .hasMessageContaining("node-b/");
    }

    @Test
    void anExitReasonFromAnotherNodeKeepsItsTextAndEquality() {
        ExitReason local = ExitReason.crashed(new IllegalStateException("x"));
        ExitReason crossed = ExitReason.of(local.kind(), local.detail(), local.causeType(), local.causeMessage(),
                local.causeStack());
        assertThat(crossed).isEqualTo(local);
        assertThat(crossed.causeStack()).isEqualTo(local.causeStack());
        assertThat(crossed.cause()).isNull();
        assertThat(local.cause()).isInstanceOf(IllegalStateException.class);
        assertThat(List.of(ExitReason.NORMAL, ExitReason.STOPPED, ExitReason.SHUTDOWN))
                .allMatch(x -> !x.isAbnormal() && x.causeType() == null && x.causeStack() == null);
    }

    /**
     * Returns once everything sent on the wire so far has been applied on the machine of {@code onB}: the
     * wire is one FIFO thread and a machine's inbox is FIFO, so a barrier behind them has passed both.
     */
    private void waitUntilLinked(ActorRef<?> onB) throws Exception {
        wire.barrier(((ActorCell<?>) onB).machine).get(10, TimeUnit.SECONDS);
    }
}
