package io.machinarium.core;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.MachinariumTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MachinariumTest(machines = 2)
class CancellationTest {
    private Machinarium rt;

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
    }

    @Test
    void cancellingASleepingCoroutineEndsItsSleepWithCancelledException() throws Exception {
        AtomicReference<Throwable> caught = new AtomicReference<>();
        CountDownLatch sleeping = new CountDownLatch(1);
        long[] slept = new long[1];
        Coroutine c = rt.machine(0).spawn(() -> {
            long t0 = System.nanoTime();
            sleeping.countDown();
            try {
                Coroutine.sleep(60_000);
            } catch (CancelledException e) {
                caught.set(e);
            }
            slept[0] = System.nanoTime() - t0;
        });
        assertThat(sleeping.await(10, TimeUnit.SECONDS)).isTrue();
        c.cancel();
        c.join(T);
        assertThat(caught.get()).isInstanceOf(CancelledException.class).hasMessageContaining("cancelled");
        assertThat(slept[0]).isLessThan(Duration.ofSeconds(30).toNanos());
        assertThat(c.isCancelled()).isTrue();
    }

    @Test
    void cancellationIsStickyForEveryLaterBlockingCall() {
        List<String> outcomes = new ArrayList<>();
        Coroutine c = rt.machine(0).spawn(() -> {
            Coroutine.current().cancel();
            for (int i = 0; i < 3; i++) {
                try {
                    Coroutine.sleep(10);
                    outcomes.add("slept");
                } catch (CancelledException e) {
                    outcomes.add("cancelled");
                }
            }
            try {
                Coroutine.checkCancelled();
                outcomes.add("not cancelled");
            } catch (CancelledException e) {
                outcomes.add("cancelled");
            }
        });
        c.join(T);
        assertThat(outcomes).containsExactly("cancelled", "cancelled", "cancelled", "cancelled");
    }

    @Test
    void aCoroutineOnAnotherMachineCanCancelABlockedJoin() {
        Coroutine forever = rt.machine(0).spawn(() -> Coroutine.sleep(60_000));
        AtomicReference<Throwable> caught = new AtomicReference<>();
        Coroutine joiner = rt.machine(0).spawn(() -> {
            try {
                forever.join();
            } catch (CancelledException e) {
                caught.set(e);
            }
        });
        rt.machine(1).spawn(() -> {
            Coroutine.sleep(20);
            joiner.cancel();
        }).join(T);
        joiner.join(T);
        assertThat(caught.get()).isInstanceOf(CancelledException.class);
        assertThat(forever.isDone()).isFalse();
        forever.cancel();
        assertThatThrownBy(() -> forever.join(T)).hasCauseInstanceOf(CancelledException.class);
    }

    @Test
    void timeoutAndCancellationAreToldApartByType() {
        AtomicReference<Throwable> timedOut = new AtomicReference<>();
        AtomicReference<Throwable> cancelled = new AtomicReference<>();
        Coroutine target = rt.machine(0).spawn(() -> Coroutine.sleep(60_000));
        Coroutine a = rt.machine(1).spawn(() -> {
            try {
                target.join(Duration.ofMillis(20));
            } catch (MachinariumException e) {
                timedOut.set(e);
            }
        });
        Coroutine b = rt.machine(1).spawn(() -> {
            try {
                target.join(Duration.ofSeconds(60));
            } catch (MachinariumException e) {
                cancelled.set(e);
            }
        });
        a.join(T);
        b.cancel();
        b.join(T);
        assertThat(timedOut.get()).isInstanceOf(TimedOutException.class).isNotInstanceOf(CancelledException.class);
        assertThat(cancelled.get()).isInstanceOf(CancelledException.class).isNotInstanceOf(TimedOutException.class);
        target.cancel();
    }

    @Test
    void cancelFromAPlainThreadRacingWithShortSleepsNeverLosesTheCoroutine() {
        for (int i = 0; i < 200; i++) {
            Coroutine c = rt.machine(i % 2).spawn(() -> {
                for (;;) {
                    Coroutine.sleep(0);
                    Coroutine.sleep(1);
                }
            });
            c.cancel();
            assertThatThrownBy(() -> c.join(T)).hasCauseInstanceOf(CancelledException.class);
        }
    }

    @Test
    void aPlainThreadInterruptedInJoinGetsCancelledExceptionAndKeepsItsInterruptFlag() throws Exception {
        Coroutine forever = rt.machine(0).spawn(() -> Coroutine.sleep(60_000));
        AtomicReference<Throwable> caught = new AtomicReference<>();
        boolean[] flag = new boolean[1];
        Thread t = new Thread(() -> {
            try {
                forever.join();
            } catch (CancelledException e) {
                caught.set(e);
                flag[0] = Thread.currentThread().isInterrupted();
            }
        });
        t.start();
        Await.parked(t);
        t.interrupt();
        t.join(10_000);
        assertThat(caught.get()).isInstanceOf(CancelledException.class);
        assertThat(flag[0]).isTrue();
        forever.cancel();
    }
}
