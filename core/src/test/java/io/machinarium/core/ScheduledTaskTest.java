package io.machinarium.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.testing.Runtimes;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ScheduledTaskTest {
    @Test
    void aScheduledTaskRunsOnTheMachineThreadAfterItsDelay() throws Exception {
        try (Machinarium rt = Runtimes.start(1)) {
            Machine m = rt.machine(0);
            AtomicReference<String> thread = new AtomicReference<>();
            CountDownLatch ran = new CountDownLatch(1);
            long t0 = System.nanoTime();
            ScheduledTask t = m.schedule(Duration.ofMillis(50), () -> {
                thread.set(Thread.currentThread().getName());
                ran.countDown();
            });
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(45));
            assertThat(thread.get()).isEqualTo(m.name());
            assertThat(t.hasRun()).isTrue();
            assertThat(t.cancel()).isFalse();
        }
    }

    @Test
    void aCancelledTaskNeverRunsFromAnyThread() throws Exception {
        try (Machinarium rt = Runtimes.start(1)) {
            Machine m = rt.machine(0);
            CountDownLatch ran = new CountDownLatch(2);
            // the machine is held while a thread schedules and cancels, so that the task cannot come due and
            // run before the cancel however slowly this thread is scheduled
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            m.execute(() -> {
                held.countDown();
                awaitUninterruptibly(release);
            });
            assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
            ScheduledTask fromThread = m.schedule(Duration.ofMillis(30), ran::countDown);
            assertThat(fromThread.cancel()).isTrue();
            release.countDown();
            AtomicReference<ScheduledTask> fromMachine = new AtomicReference<>();
            m.spawn(() -> {
                ScheduledTask t = m.schedule(Duration.ofMillis(30), ran::countDown);
                fromMachine.set(t);
                assertThat(t.cancel()).isTrue();
            }).join(Duration.ofSeconds(5));
            // a task due after both has run: both came due and neither ran
            CountDownLatch later = new CountDownLatch(1);
            m.schedule(Duration.ofMillis(60), later::countDown);
            assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(ran.getCount()).isEqualTo(2);
            assertThat(fromThread.isCancelled()).isTrue();
            assertThat(fromThread.hasRun()).isFalse();
            assertThat(fromMachine.get().hasRun()).isFalse();
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        for (;;) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // a machine thread is not interrupted by this test: keep holding
            }
        }
    }

    @Test
    void aStoppedMachineRefusesNewTimers() {
        Machinarium rt = Runtimes.start(1);
        Machine m = rt.machine(0);
        rt.close();
        assertThatThrownBy(() -> m.schedule(Duration.ofMillis(1), () -> { }))
                .isInstanceOf(RejectedException.class).hasMessageContaining("accepts no new timer");
    }
}
