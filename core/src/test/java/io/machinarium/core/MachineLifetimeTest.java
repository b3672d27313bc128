package io.machinarium.core;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.sync.WaitFlag;
import io.machinarium.core.testing.MachinariumTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A machine may end by itself with its last coroutine (machinarium's machine_create), or run until stopped. */
@MachinariumTest
class MachineLifetimeTest {
    private Machinarium rt;

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
    }

    @Test
    void aMachineThatEndsWithItsLastCoroutineEndsOnceMainAndItsChildrenHaveEnded() {
        WaitFlag release = new WaitFlag();
        AtomicInteger finished = new AtomicInteger();
        List<Coroutine> children = new ArrayList<>();
        AtomicReference<Coroutine> main = new AtomicReference<>();
        WaitFlag spawned = new WaitFlag();
        Machine m = rt.startMachine("job", () -> {
            main.set(Coroutine.current());
            for (int i = 0; i < 3; i++) {
                children.add(Machine.current().spawn(() -> {
                    release.await(T);
                    finished.incrementAndGet();
                }));
            }
            spawned.set();
        }, MachineLifetime.UNTIL_LAST_COROUTINE_ENDS);
        spawned.await(T);
        main.get().join(T);
        assertThat(m.await(Duration.ZERO)).as("main has ended, but its children still wait").isFalse();
        assertThat(m.isTerminated()).isFalse();
        release.set();
        assertThat(m.await(T)).as("the machine ended with its last coroutine").isTrue();
        assertThat(finished.get()).isEqualTo(3);
        assertThat(m.isStopping()).isTrue();
        assertThatThrownBy(() -> m.spawn(() -> { })).isInstanceOf(RejectedException.class);
    }

    @Test
    void aMachineThatRunsUntilStoppedOutlivesItsCoroutines() {
        Machine m = rt.startMachine("server", () -> { }, MachineLifetime.UNTIL_STOPPED);
        m.spawn(() -> { }).join(T);  // main has run before this one, which ended too
        m.spawn(() -> { }).join(T);
        assertThat(m.isTerminated()).isFalse();
        m.stop();
        assertThat(m.await(T)).isTrue();
    }

    @Test
    void closeStillEndsAMachineWhoseCoroutinesNeverEnd() {
        AtomicReference<Throwable> unwound = new AtomicReference<>();
        WaitFlag waiting = new WaitFlag();
        Machine m = rt.startMachine("stuck", () -> {
            try {
                waiting.set();
                Coroutine.sleep(Duration.ofDays(1));
            } catch (CancelledException e) {
                unwound.set(e);
            }
        }, MachineLifetime.UNTIL_LAST_COROUTINE_ENDS);
        waiting.await(T);
        rt.close();
        assertThat(m.isTerminated()).isTrue();
        assertThat(unwound.get()).isInstanceOf(CancelledException.class);
    }

    @Test
    void aMachineThatIsToEndWithItsCoroutinesNeedsAFirstOne() {
        assertThatThrownBy(() -> rt.startMachine("empty", null, MachineLifetime.UNTIL_LAST_COROUTINE_ENDS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a first one");
    }
}
