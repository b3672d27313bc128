package io.machinarium.actors;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.MachinariumTest;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Links: a crash spreads to linked actors that do not trap exits, trapping ones receive it as a message. */
@MachinariumTest(machines = 2)
class LinksTest {
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
    void aLinkedCrashEndsAnActorThatDoesNotTrapExits() throws Exception {
        ActorRef<String> victim = victim(1);
        CountDownLatch linked = new CountDownLatch(1);
        ActorRef<String> partner = system.spawn(SpawnOptions.named("partner").on(rt.machine(0)),
                (ActorContext<String> ctx) -> {
                    ctx.link(victim);
                    linked.countDown();
                    ctx.receive();
                });
        assertThat(linked.await(5, TimeUnit.SECONDS)).isTrue();
        victim.tell("kaput");
        ExitReason r = partner.awaitExit(T);
        assertThat(r.kind()).isEqualTo(ExitReason.Kind.LINKED);
        assertThat(r.detail()).contains("linked actor 'victim' exited").contains("kaput");
        assertThat(r.cause()).hasMessage("kaput");
    }

    @Test
    void aTrappingActorReceivesTheLinkedExitAsAMessage() {
        ActorRef<String> victim = victim(1);
        ActorRef<Object> trapper = system.spawn((ActorContext<Object> ctx) -> {
            ctx.trapExits(e -> e);
            ctx.link(victim);
            victim.tell("oops");
            Exit e = ctx.receive(Exit.class, T);
            assertThat(e.from()).isSameAs(victim);
            assertThat(e.reason().cause()).hasMessage("oops");
        });
        assertThat(trapper.awaitExit(T)).isEqualTo(ExitReason.NORMAL);
    }

    @Test
    void aNormalExitDoesNotEndALinkedActorAndTheLinkWorksBothWays() throws Exception {
        ActorRef<String> quits = victim(1);
        CountDownLatch linked = new CountDownLatch(1);
        ActorRef<String> partner = system.spawn((ActorContext<String> ctx) -> {
            ctx.link(quits);
            linked.countDown();
            assertThat(ctx.receive(T)).isEqualTo("still here");
            throw new IllegalArgumentException("partner fails");
        });
        assertThat(linked.await(5, TimeUnit.SECONDS)).isTrue();
        ActorRef<String> other = victim(0);
        CountDownLatch linked2 = new CountDownLatch(1);
        ActorRef<String> failing = system.spawn((ActorContext<String> ctx) -> {
            ctx.link(other);
            linked2.countDown();
            ctx.receive();
            throw new IllegalArgumentException("fails");
        });
        quits.tell("quit");
        assertThat(quits.awaitExit(T)).isEqualTo(ExitReason.NORMAL);
        partner.tell("still here");
        assertThat(partner.awaitExit(T).cause()).hasMessage("partner fails");
        // the other direction: the linker crashes, the linked actor goes with it
        assertThat(linked2.await(5, TimeUnit.SECONDS)).isTrue();
        failing.tell("go");
        assertThat(other.awaitExit(T).kind()).isEqualTo(ExitReason.Kind.LINKED);
    }

    @Test
    void linkingAnExitedActorEndsTheLinker() {
        ActorRef<String> gone = victim(1);
        gone.tell("quit");
        gone.awaitExit(T);
        ActorRef<String> linker = system.spawn((ActorContext<String> ctx) -> {
            ctx.link(gone);
            ctx.receive();
        });
        ExitReason r = linker.awaitExit(T);
        assertThat(r.kind()).isEqualTo(ExitReason.Kind.LINKED);
        assertThat(r.detail()).contains("is not running");
    }
}
