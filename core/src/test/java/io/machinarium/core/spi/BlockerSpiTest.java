package io.machinarium.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.CancelledException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.core.TimedOutException;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The extension SPI reaches core's own blockers: a coroutine inside one, a parking blocker on a plain
 * thread, the machine's (virtual) clock on a machine thread; and core's implementation is no public API.
 */
class BlockerSpiTest {
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void insideACoroutineTheCurrentBlockerIsThatCoroutine() throws Exception {
        try (Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(1).build())) {
            CompletableFuture<Boolean> same = new CompletableFuture<>();
            rt.machine(0).spawn(() -> same.complete(Blocker.current() == Coroutine.current())).join(T);
            assertThat(same.get(T.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void onAPlainThreadTheCurrentBlockerParksUntilAnotherThreadWakesIt() throws Exception {
        Blocker me = Blocker.current();
        assertThat(me).isNotInstanceOf(Coroutine.class).isSameAs(Blocker.current());
        long ticket = me.prepare("test");
        Thread waker = new Thread(() -> me.wake(ticket));
        waker.start();
        assertThat(me.await(ticket, Blocker.deadline(T))).isEqualTo(Blocker.Outcome.WOKEN);
        waker.join();
        assertThat(me.wake(ticket)).as("a spent ticket wakes nothing").isFalse();
    }

    @Test
    void onAMachineThreadTheDeadlineClockIsTheMachinesVirtualClock() throws Exception {
        try (Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(1).virtualTime(true).build())) {
            CompletableFuture<Long> passed = new CompletableFuture<>();
            rt.machine(0).spawn(() -> {
                long t0 = Blocker.now();
                Coroutine.sleep(Duration.ofHours(1));
                passed.complete(Blocker.now() - t0);
            }).join(T);
            assertThat(passed.get(T.toSeconds(), TimeUnit.SECONDS)).isGreaterThanOrEqualTo(Duration.ofHours(1).toNanos());
        }
    }

    @Test
    void anOutcomeThatIsNotWokenBecomesItsExceptionNamingTheCall() {
        Blocker.Outcome.WOKEN.orThrow("read from", "peer", "got no data", T);
        assertThatThrownBy(() -> Blocker.Outcome.TIMED_OUT.orThrow("read from", "peer", "got no data", T))
                .isInstanceOf(TimedOutException.class).hasMessage("read from peer got no data within PT10S");
        assertThatThrownBy(() -> Blocker.Outcome.CANCELLED.orThrow("connect to", "db", T))
                .isInstanceOf(CancelledException.class).hasMessage("connect to db was cancelled");
    }

    @Test
    void coresImplementationIsNotPublicAndTheWaiterQueueLivesInTheSpi() throws Exception {
        Class<?> impl = Class.forName("io.machinarium.core.Blocker");
        assertThat(Modifier.isPublic(impl.getModifiers())).isFalse();
        assertThat(Blocker.class.isAssignableFrom(impl)).isTrue();
        assertThatThrownBy(() -> Class.forName("io.machinarium.core.WaiterQueue"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
