package io.machinarium.core;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.testing.MachinariumTest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MachinariumTest
class OffloadTest {
    private Machinarium rt;

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
    }

    @Test
    void offloadRunsOnAPoolThreadAndReturnsTheResult() {
        AtomicReference<String> result = new AtomicReference<>();
        rt.machine(0).spawn(() -> result.set(Offload.call(() -> Thread.currentThread().getName()))).join(T);
        assertThat(result.get()).startsWith("machinarium-offload-");
    }

    @Test
    void theMachineKeepsRunningCoroutinesWhileACallBlocks() {
        List<String> order = new ArrayList<>();
        CountDownLatch ticked = new CountDownLatch(1);
        Coroutine blocking = rt.machine(0).spawn(() -> {
            order.add(Offload.call(() -> {
                // blocks its pool thread until the other coroutine of the machine has run: it can only
                // return if the machine kept running coroutines meanwhile
                if (!ticked.await(T.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("the machine ran nothing while the call blocked");
                }
                return "blocking call returned";
            }));
        });
        Coroutine other = rt.machine(0).spawn(() -> {
            for (int i = 0; i < 3; i++) {
                Coroutine.sleep(10);
                order.add("tick" + i);
            }
            ticked.countDown();
        });
        blocking.join(T);
        other.join(T);
        assertThat(order).containsExactly("tick0", "tick1", "tick2", "blocking call returned");
    }

    @Test
    void aFailingCallThrowsOffloadFailedExceptionWithTheCause() {
        IOException io = new IOException("disk on fire");
        AtomicReference<Throwable> caught = new AtomicReference<>();
        rt.machine(0).spawn(() -> {
            try {
                Offload.call(() -> {
                    throw io;
                });
            } catch (OffloadFailedException e) {
                caught.set(e);
            }
        }).join(T);
        assertThat(caught.get()).hasCause(io).hasMessageContaining("disk on fire");
    }

    @Test
    void aCallThatTakesTooLongTimesOutAndIsInterrupted() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicReference<Throwable> caught = new AtomicReference<>();
        long[] waited = new long[1];
        rt.machine(0).spawn(() -> {
            long t0 = System.nanoTime();
            try {
                Offload.call(() -> {
                    try {
                        Thread.sleep(30_000);  // kept: the interruptible blocking call under test, never waited out
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                    }
                    return null;
                }, Duration.ofMillis(50));
            } catch (TimedOutException e) {
                caught.set(e);
            }
            waited[0] = System.nanoTime() - t0;
        }).join(T);
        assertThat(caught.get()).isInstanceOf(TimedOutException.class);
        assertThat(waited[0]).isBetween(Duration.ofMillis(50).toNanos(), Duration.ofSeconds(5).toNanos());
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void cancellingTheCoroutineEndsTheCallAndInterruptsTheTask() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicReference<Throwable> caught = new AtomicReference<>();
        Coroutine c = rt.machine(0).spawn(() -> {
            try {
                Offload.call(() -> {
                    running.countDown();
                    try {
                        Thread.sleep(30_000);  // kept: the interruptible blocking call under test, never waited out
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                    }
                    return null;
                });
            } catch (CancelledException e) {
                caught.set(e);
            }
        });
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        c.cancel();
        c.join(T);
        assertThat(caught.get()).isInstanceOf(CancelledException.class);
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aFullPoolRejectsTheCallWithRejectedException() throws Exception {
        rt.close();
        try (Machinarium small = Machinarium.start(MachinariumConfig.builder().machines(1).offloadThreads(1)
                .offloadQueue(0).build())) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch busy = new CountDownLatch(1);
            Coroutine holder = small.machine(0).spawn(() -> Offload.call(() -> {
                busy.countDown();
                return release.await(10, TimeUnit.SECONDS);
            }));
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
            AtomicReference<Throwable> caught = new AtomicReference<>();
            AtomicBoolean ran = new AtomicBoolean();
            small.machine(0).spawn(() -> {
                try {
                    Offload.call(() -> ran.getAndSet(true));
                } catch (RejectedException e) {
                    caught.set(e);
                }
            }).join(T);
            release.countDown();
            holder.join(T);
            assertThat(caught.get()).isInstanceOf(RejectedException.class).hasMessageContaining("offload pool is full");
            assertThat(ran.get()).isFalse();
        }
    }

    @Test
    void offloadFromAPlainThreadIsAMisuse() {
        assertThatThrownBy(() -> Offload.call(() -> 1))
                .isInstanceOf(MisuseException.class)
                .hasMessageContaining("Offload.call must be called inside a coroutine");
    }
}
