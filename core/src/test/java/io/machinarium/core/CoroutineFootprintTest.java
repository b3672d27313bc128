package io.machinarium.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.Runtimes;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The structure of what an idle coroutine keeps (issue #18: memory per idle coroutine): the objects made for
 * every coroutine carry only what every coroutine needs; the rare state waits in a side object made on first
 * need. Byte counts are the JVM's business and are measured by the bench ({@code bench/run memory}), not here.
 */
class CoroutineFootprintTest {
    private static final Duration T = Duration.ofSeconds(10);
    private final Machinarium rt = Runtimes.start(1);

    @AfterEach
    void close() {
        rt.close();
    }

    private static List<Field> instanceFields(Class<?> type) {
        return Arrays.stream(type.getDeclaredFields()).filter(f -> !Modifier.isStatic(f.getModifiers())).toList();
    }

    @Test
    void theContinuationAddsNoFieldToTheJdksOwn() {
        assertThat(instanceFields(CoroutineContinuation.class)).isEmpty();
    }

    @Test
    void theWaitTimerKeepsOnlyItsOwner() {
        assertThat(instanceFields(WaitTimer.class)).extracting(Field::getName).containsExactly("owner");
    }

    @Test
    void aCoroutineKeepsNoFailureNorStrayResumeCountOfItsOwn() {
        assertThat(instanceFields(Coroutine.class))
                .filteredOn(f -> f.getType() == Throwable.class || f.getType() == int.class)
                .isEmpty();
    }

    @Test
    void anIdleCoroutineThatSleptAndWasNeverJoinedHasNoSideObject() throws InterruptedException {
        CountDownLatch slept = new CountDownLatch(1);
        Coroutine c = rt.machine(0).spawn(() -> {
            Coroutine.sleep(1);
            slept.countDown();
            Coroutine.sleep(86_400_000L);
        });
        assertThat(slept.await(T.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        Await.until(T, () -> c.state() == CoroutineState.WAITING, () -> "still " + c.state());
        assertThat(c.links).isNull();
        c.cancel();
    }

    @Test
    void aFailureKeptInTheSideObjectStillReachesEveryJoiner() {
        Coroutine c = rt.machine(0).spawn(() -> {
            throw new IllegalStateException("boom");
        });
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> c.join(T)).isInstanceOf(CoroutineFailedException.class)
                    .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("boom");
        }
    }
}
