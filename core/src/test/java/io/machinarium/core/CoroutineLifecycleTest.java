package io.machinarium.core;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.testing.MachinariumTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MachinariumTest
class CoroutineLifecycleTest {
    private Machinarium rt;

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
    }

    @Test
    void createAndJoinRunsTheBodyOnTheMachineThread() {
        AtomicReference<String> thread = new AtomicReference<>();
        AtomicReference<Coroutine> self = new AtomicReference<>();
        Coroutine c = rt.machine(0).spawn(() -> {
            thread.set(Thread.currentThread().getName());
            self.set(Coroutine.current());
        });
        c.join(T);
        assertThat(c.isDone()).isTrue();
        assertThat(c.state()).isEqualTo(CoroutineState.DONE);
        assertThat(thread.get()).isEqualTo(rt.machine(0).name());
        assertThat(self.get()).isSameAs(c);
        assertThat(c.machine()).isSameAs(rt.machine(0));
    }

    @Test
    void namedAndUnnamedCoroutinesReportTheirNames() {
        List<String> seen = new ArrayList<>();
        Coroutine named = rt.machine(0).spawn("worker-7", () -> seen.add(Coroutine.current().name()));
        Coroutine unnamed = rt.machine(0).spawn(() -> seen.add(Coroutine.current().name()));
        named.join(T);
        unnamed.join(T);
        assertThat(named.name()).isEqualTo("worker-7");
        assertThat(unnamed.name()).isEqualTo("coroutine-" + unnamed.id());
        assertThat(seen).containsExactly("worker-7", "coroutine-" + unnamed.id());
        assertThat(named.id()).isNotEqualTo(unnamed.id());
    }

    @Test
    void joinOfAFinishedCoroutineReturnsAtOnceEveryTime() {
        Coroutine c = rt.machine(0).spawn(() -> { });
        c.join(T);
        c.join(Duration.ZERO);
        c.join(Duration.ZERO);
        assertThat(c.isDone()).isTrue();
    }

    @Test
    void joinOfAFailedCoroutineThrowsItsFailureToEveryJoiner() {
        IllegalStateException boom = new IllegalStateException("boom");
        Coroutine c = rt.machine(0).spawn("failing", () -> {
            Coroutine.sleep(20);
            throw boom;
        });
        AtomicReference<Throwable> fromCoroutine = new AtomicReference<>();
        Coroutine joiner = rt.machine(0).spawn(() -> {
            try {
                c.join();
            } catch (CoroutineFailedException e) {
                fromCoroutine.set(e.getCause());
            }
        });
        assertThatThrownBy(() -> c.join(T))
                .isInstanceOf(CoroutineFailedException.class)
                .hasCause(boom)
                .hasMessageContaining("failing");
        joiner.join(T);
        assertThat(fromCoroutine.get()).isSameAs(boom);
        assertThatThrownBy(() -> c.join(T)).hasCause(boom);
    }

    @Test
    void joinTimesOutWithTimedOutExceptionWhileTheCoroutineRuns() {
        Coroutine c = rt.machine(0).spawn(() -> Coroutine.sleep(10_000));
        assertThatThrownBy(() -> c.join(Duration.ofMillis(50)))
                .isInstanceOf(TimedOutException.class);
        assertThat(c.isDone()).isFalse();
        c.cancel();
        assertThatThrownBy(() -> c.join(T)).hasCauseInstanceOf(CancelledException.class);
    }

    @Test
    void aCoroutineCanJoinAnotherOnTheSameMachine() {
        List<String> order = new ArrayList<>();
        Coroutine outer = rt.machine(0).spawn(() -> {
            Coroutine inner = Machine.current().spawn(() -> {
                Coroutine.sleep(10);
                order.add("inner");
            });
            inner.join();
            order.add("outer");
        });
        outer.join(T);
        assertThat(order).containsExactly("inner", "outer");
    }

    @Test
    void aCoroutineCannotJoinItself() {
        AtomicReference<Throwable> error = new AtomicReference<>();
        rt.machine(0).spawn(() -> {
            try {
                Coroutine.current().join();
            } catch (MisuseException e) {
                error.set(e);
            }
        }).join(T);
        assertThat(error.get()).hasMessageContaining("join itself");
    }

    @Test
    void childrenSpawnedByACoroutineStartAfterItYields() {
        List<Integer> order = new ArrayList<>();
        AtomicInteger next = new AtomicInteger();
        rt.machine(0).spawn(() -> {
            Machine m = Machine.current();
            Coroutine a = m.spawn(() -> order.add(next.getAndIncrement()));
            Coroutine b = m.spawn(() -> order.add(next.getAndIncrement()));
            order.add(-1);
            a.join();
            b.join();
        }).join(T);
        assertThat(order).containsExactly(-1, 0, 1);
    }
}
