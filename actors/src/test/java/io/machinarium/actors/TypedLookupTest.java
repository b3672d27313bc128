package io.machinarium.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.Machinarium;
import io.machinarium.core.MisuseException;
import io.machinarium.core.testing.Runtimes;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Finding an actor by name or by child id, typed: checked at run time where the compiler cannot check
 * (a name or an id says nothing of the type), with an error that names both types.
 */
class TypedLookupTest {
    private static final Duration T = Duration.ofSeconds(10);

    record Job(String what) {
    }

    /** An actor whose class declares what it takes. */
    static final class Worker implements Actor<Job> {
        @Override
        public void run(ActorContext<Job> ctx) {
            for (;;) {
                ctx.receive();
            }
        }
    }

    /** A request that declares its reply. */
    record EchoCall(String text) implements Call<String> {
    }

    static final class Echo implements ServerBehaviour<EchoCall> {
        @Override
        public Reply<?> handleCall(EchoCall request, ServerContext<EchoCall> ctx) {
            return request.reply(request.text());
        }
    }

    private Machinarium rt;
    private ActorSystem system;

    @BeforeEach
    void start() {
        rt = Runtimes.start(2);
        system = ActorSystem.create(rt);
    }

    @AfterEach
    void stop() {
        system.close();
        rt.close();
    }

    @Test
    void whereisWithTheDeclaredTypeFindsTheActor() {
        ActorRef<Job> w = system.spawn(SpawnOptions.named("w").registered(), new Worker());
        assertThat(system.whereis("w", Job.class)).isSameAs(w);
        assertThat(system.whereis("nobody", Job.class)).isNull();
    }

    @Test
    void whereisWithAnotherTypeIsRefusedNamingBothTypes() {
        system.spawn(SpawnOptions.named("w").registered(), new Worker());
        assertThatThrownBy(() -> system.whereis("w", String.class)).isInstanceOf(MisuseException.class)
                .hasMessage("actor 'w' takes messages of type " + Job.class.getName() + ", not "
                        + String.class.getName());
    }

    @Test
    void whereisOfAServerOrASupervisorSaysHowToReachIt() {
        ServerRef.start(system, SpawnOptions.named("echo").registered(), Echo::new);
        Supervisor.start(system, SpawnOptions.named("sup").registered(), SupervisorSpec.of(Strategy.ONE_FOR_ONE));
        assertThatThrownBy(() -> system.whereis("echo", String.class)).isInstanceOf(MisuseException.class)
                .hasMessageContaining("actor 'echo' is a server").hasMessageContaining("ServerRef.lookup");
        assertThatThrownBy(() -> system.whereis("sup", String.class)).isInstanceOf(MisuseException.class)
                .hasMessageContaining("actor 'sup' is a supervisor");
        assertThat(ServerRef.lookup(system, "echo", EchoCall.class).call(new EchoCall("hi"), T)).isEqualTo("hi");
    }

    @Test
    void aLambdaActorsErasedTypeIsTakenOnTrust() {
        ActorRef<String> l = system.spawn(SpawnOptions.named("l").registered(), (ActorContext<String> ctx) -> {
            ctx.receive();
        });
        assertThat(system.whereis("l", Integer.class)).isSameAs((Object) l);
    }

    @Test
    void aChildAskedWithTheWrongTypeIsRefusedNamingBothTypes() {
        ChildSpec<ActorRef<Job>> worker = ChildSpec.actor("worker", new Worker());
        Supervisor sup = Supervisor.startAndAwait(system, "root", SupervisorSpec.of(Strategy.ONE_FOR_ONE, worker), T);
        ActorRef<Job> bySpec = sup.child(worker);
        assertThat(bySpec).isNotNull();
        assertThat(sup.child("worker", Job.class)).isSameAs(bySpec);
        assertThatThrownBy(() -> sup.child("worker", String.class)).isInstanceOf(MisuseException.class)
                .hasMessage("child 'worker' of supervisor 'root' takes messages of type " + Job.class.getName()
                        + ", not " + String.class.getName());
    }

    @Test
    void aChildIsFoundTypedByItsSpecAndAStrangersSpecIsRefused() {
        ChildSpec<ServerRef<EchoCall>> echo = ChildSpec.server("echo", Echo::new);
        ChildSpec<Supervisor> inner = ChildSpec.supervisor("inner", SupervisorSpec.of(Strategy.ONE_FOR_ONE,
                ChildSpec.actor("leaf", new Worker())));
        Supervisor sup = Supervisor.startAndAwait(system, "root",
                SupervisorSpec.of(Strategy.ONE_FOR_ONE, echo.shutdownTimeout(T), inner), T);
        ServerRef<EchoCall> server = sup.child(echo);
        assertThat(server.call(new EchoCall("typed"), T)).isEqualTo("typed");
        assertThat(sup.child(inner).child("leaf", Job.class)).isNotNull();
        ChildSpec<ServerRef<EchoCall>> stranger = ChildSpec.server("echo", Echo::new);
        assertThatThrownBy(() -> sup.child(stranger)).isInstanceOf(MisuseException.class)
                .hasMessageContaining("was not given this spec of child 'echo'");
    }
}
