package io.machinarium.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.sync.WaitFlag;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MachinariumTest(machines = 2)
class RuntimeExtensionTest {
    private Machinarium fromBeforeEach;

    @BeforeEach
    void keep(Machinarium rt) {
        fromBeforeEach = rt;
    }

    @Test
    void theTestAndItsBeforeEachGetTheSameFreshRuntimeWithTheMachinesAsked(Machinarium rt) {
        assertThat(rt).isSameAs(fromBeforeEach);
        assertThat(rt.isClosed()).isFalse();
        assertThat(rt.machines()).hasSize(2);
        assertThat(rt.config().virtualTime()).isFalse();
    }

    @Test
    @MachinariumTest(virtualTime = true)
    void theMethodsAnnotationReplacesTheClasses(Machinarium rt) {
        assertThat(rt.machines()).hasSize(1);
        assertThat(rt.config().virtualTime()).isTrue();
    }

    @Test
    void aCoroutineStillBlockedAtTheEndIsReportedByName(Machinarium rt) {
        WaitFlag never = new WaitFlag();
        Coroutine c = rt.machine(1).spawn("left-behind", () -> never.await(Timeouts.LONG));
        Await.blocked(c);
        assertThat(RuntimeExtension.aliveAfter(rt, Duration.ZERO)).contains("\"left-behind\"");
        never.set();
        c.join(Timeouts.T);
    }

    @Test
    void aCoroutineThatEndsWithinTheGraceIsNotReported(Machinarium rt) {
        rt.machine(0).spawn(() -> Coroutine.sleep(Duration.ofMillis(1)));
        assertThat(RuntimeExtension.aliveAfter(rt, Timeouts.T)).isNull();
    }
}
