package io.machinarium.core;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.sync.WaitFlag;
import io.machinarium.core.testing.MachinariumTest;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MachinariumTest(machines = 2)
class TaskTest {
    private Machinarium rt;

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
    }

    @Test
    void joinReturnsWhatTheBodyReturnedToEveryJoiner() {
        Task<Integer> answer = rt.machine(0).spawnTask("answer", () -> {
            Coroutine.yieldNow();
            return 42;
        });
        Task<Integer> viaCoroutine = rt.machine(1).spawnTask(() -> answer.join(T) + 0);
        assertThat(answer.join(T)).isEqualTo(42);
        assertThat(answer.join()).isEqualTo(42);
        assertThat(viaCoroutine.join(T)).isEqualTo(42);
        assertThat(answer.isDone()).isTrue();
        assertThat(answer.coroutine().name()).isEqualTo("answer");
    }

    @Test
    void joinThrowsTheBodysFailureAsTheCauseCheckedExceptionsUnwrapped() {
        Task<String> broken = rt.machine(0).spawnTask(() -> {
            throw new IOException("disk gone");
        });
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> broken.join(T)).isInstanceOf(CoroutineFailedException.class)
                    .cause().isInstanceOf(IOException.class).hasMessage("disk gone");
        }
    }

    @Test
    void aJoinThatTimesOutLeavesTheTaskRunning() {
        WaitFlag release = new WaitFlag();
        Task<String> slow = rt.machine(0).spawnTask(() -> {
            release.await(T);
            return "late";
        });
        assertThatThrownBy(() -> slow.join(Duration.ofMillis(20))).isInstanceOf(TimedOutException.class);
        assertThat(slow.isDone()).isFalse();
        release.set();
        assertThat(slow.join(T)).isEqualTo("late");
    }

    @Test
    void aCancelledTaskThrowsCancelledAsItsFailure() {
        Task<String> waiting = rt.machine(0).spawnTask(() -> {
            new WaitFlag().await(null);
            return "never";
        });
        waiting.cancel();
        assertThatThrownBy(() -> waiting.join(T)).isInstanceOf(CoroutineFailedException.class)
                .cause().isInstanceOf(CancelledException.class);
        assertThat(waiting.isCancelled()).isTrue();
    }

    @Test
    void aTaskJoiningItselfIsRefused() {
        Task<?>[] self = new Task<?>[1];
        WaitFlag published = new WaitFlag();
        Task<Object> t = rt.machine(0).spawnTask(() -> {
            published.await(T);
            return self[0].join(T);
        });
        self[0] = t;
        published.set();
        assertThatThrownBy(() -> t.join(T)).cause().isInstanceOf(MisuseException.class);
    }

    @Test
    void aCoroutineKnowsTheCoroutineThatSpawnedIt() {
        Task<Coroutine> outer = rt.machine(0).spawnTask(
                () -> rt.machine(1).spawnTask(() -> Coroutine.current().parent()).join(T));
        assertThat(outer.join(T)).isSameAs(outer.coroutine());
        assertThat(outer.coroutine().parent()).as("spawned by a plain thread").isNull();
    }

    @Test
    void aCoroutineForgetsItsParentOnceItHasEnded() {
        Task<Task<String>> outer = rt.machine(0).spawnTask(() -> {
            Task<String> inner = rt.machine(1).spawnTask(() -> "done");
            inner.join(T);
            return inner;
        });
        Task<String> inner = outer.join(T);
        assertThat(inner.isDone()).isTrue();
        assertThat(inner.coroutine().parent()).as("no chain of ended coroutines is kept").isNull();
    }
}
