package io.machinarium.actors;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.MachinariumTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The name registry: live actors by name, taken names refused, exited ones forgotten. */
@MachinariumTest(machines = 2)
class RegistryTest {
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
    void theRegistryFindsLiveActorsRefusesTakenNamesAndForgetsExitedOnes() {
        ActorRef<String> a = system.spawn(SpawnOptions.named("db").registered(), (ActorContext<String> ctx) -> ctx.receive());
        assertThat(system.<String>whereis("db")).isSameAs(a);
        assertThatThrownBy(() -> system.spawn(SpawnOptions.named("db").registered(), (ActorContext<String> ctx) -> { }))
                .isInstanceOf(NameTakenException.class).hasMessageContaining("the name 'db' is held by live actor");
        ActorRef<String> other = system.spawn((ActorContext<String> ctx) -> ctx.receive());
        system.register("alias", other);
        assertThat(system.<String>whereis("alias")).isSameAs(other);
        a.tell("bye");
        a.awaitExit(T);
        assertThat(system.<String>whereis("db")).isNull();
        other.tell("bye");
        other.awaitExit(T);
        assertThat(system.<String>whereis("alias")).isNull();
        ActorRef<String> third = system.spawn((ActorContext<String> ctx) -> ctx.receive());
        system.register("alias", third);   // the name of an exited holder is free again
        assertThat(system.<String>whereis("alias")).isSameAs(third);
        ActorRef<String> again = system.spawn(SpawnOptions.named("db").registered(), (ActorContext<String> ctx) -> ctx.receive());
        assertThat(system.<String>whereis("db")).isSameAs(again);
        assertThat(system.<String>whereis("nobody")).isNull();
    }
}
