package io.machinarium.actors;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.Machinarium;
import io.machinarium.core.RejectedException;
import io.machinarium.core.testing.MachinariumTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Closing an actor system: every actor stops with SHUTDOWN and no new one is spawned. */
@MachinariumTest(machines = 2)
class ActorSystemCloseTest {
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

    @Test
    void closingTheSystemStopsEveryActorWithShutdownAndRefusesNewOnes() {
        List<ActorRef<String>> refs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            refs.add(system.spawn((ActorContext<String> ctx) -> ctx.receive()));
        }
        system.close();
        assertThat(system.liveActors()).isZero();
        assertThat(refs).allSatisfy(r -> assertThat(r.awaitExit(T)).isEqualTo(ExitReason.SHUTDOWN));
        assertThatThrownBy(() -> system.spawn((ActorContext<String> ctx) -> { }))
                .isInstanceOf(RejectedException.class).hasMessageContaining("the actor system is closed");
    }
}
