package io.machinarium.actors;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.core.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Crashes are never silent: a supervised crash is a WARN line, a supervisor's give-up an ERROR line (this
 * module's tests log through slf4j-simple, which writes to stderr: captured here), and an actor crash nobody
 * observes goes to the runtime's uncaught-failure handler.
 */
class SupervisionLogTest {
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream stderr;
    private Machinarium rt;
    private ActorSystem system;

    @BeforeEach
    void start() {
        stderr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        try {
            if (system != null) {
                system.close();
            }
            if (rt != null) {
                rt.close();
            }
        } finally {
            System.setErr(stderr);
            stderr.print(log());  // keep it in the test's output too
        }
    }

    private String log() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    private void awaitLogged(String text) {
        Await.until(T, () -> log().contains(text), () -> "stderr had:\n" + log());
    }

    private void startRuntime(MachinariumConfig.Builder config) {
        rt = Machinarium.start(config.machines(1).shutdownTimeout(Duration.ofSeconds(5)).build());
        system = ActorSystem.create(rt);
    }

    /** A child that crashes on any message. */
    private static ChildSpec crasher(String id) {
        return ChildSpec.actor(id, (ActorContext<String> ctx) -> {
            throw new IllegalStateException(id + " hit " + ctx.receive());
        });
    }

    @Test
    void aSupervisedChildThatCrashesAndIsRestartedIsAWarnLineWithTheCause() {
        startRuntime(MachinariumConfig.builder());
        Supervisor sup = Supervisor.start(system, "sup", SupervisorSpec.of(Strategy.ONE_FOR_ONE, crasher("worker")));
        Await.until(T, () -> sup.child("worker") != null, () -> "the child never started");
        ActorRef<String> first = sup.child("worker");
        first.tell("a rock");
        Await.until(T, () -> sup.restarts() == 1, () -> "not restarted");
        awaitLogged("IllegalStateException: worker hit a rock");
        assertThat(log()).containsPattern("WARN .*supervisor 'sup' restarts child 'worker' \\(ONE_FOR_ONE\\): it "
                + "failed: CRASHED");
        assertThat(log()).contains("\tat ");  // the cause's stack
    }

    @Test
    void aSupervisorThatGivesUpIsAnErrorLine() {
        startRuntime(MachinariumConfig.builder());
        Supervisor sup = Supervisor.start(system, "sup", SupervisorSpec.of(Strategy.ONE_FOR_ONE, crasher("worker"))
                .intensity(0, Duration.ofMinutes(1)));
        Await.until(T, () -> sup.child("worker") != null, () -> "the child never started");
        sup.child("worker").tell("the last straw");
        assertThat(sup.awaitExit(T).kind()).isEqualTo(ExitReason.Kind.CRASHED);
        awaitLogged("it stops its children and exits");
        assertThat(log()).containsPattern("ERROR .*supervisor 'sup' gave up: more than 0 restarts within PT1M; "
                + "last, child 'worker' CRASHED");
    }

    @Test
    void anActorCrashThatNoLinkOrMonitorObservesGoesToTheUncaughtFailureHandler() throws Exception {
        CompletableFuture<Object[]> got = new CompletableFuture<>();
        startRuntime(MachinariumConfig.builder().uncaughtFailureHandler((c, f) -> got.complete(new Object[] {c, f})));
        ActorRef<String> loner = system.spawn("loner", (ActorContext<String> ctx) -> {
            throw new IllegalArgumentException("alone with " + ctx.receive());
        });
        loner.tell("a bug");
        Object[] report = got.get(10, TimeUnit.SECONDS);
        assertThat(((Coroutine) report[0]).name()).isEqualTo("loner");
        assertThat((Throwable) report[1]).isInstanceOf(IllegalArgumentException.class).hasMessage("alone with a bug");
    }
}
