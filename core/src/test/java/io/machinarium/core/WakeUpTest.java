package io.machinarium.core;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Wake-ups of a parked machine: one per message that finds it asleep, none while it is busy or spinning. */
class WakeUpTest {
    private final Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(2)
            .stallThreshold(Duration.ofMillis(100)).build());

    @AfterEach
    void close() {
        rt.close();
    }

    // Wake-ups: the bounds follow from the inbox's design (Inbox), never from how fast the machines are. A
    // sender wakes a machine only if it finds it parked and is the first to do so since it parked: so
    // wake-ups never outnumber the messages sent, a burst sent to a parked machine costs one, and a burst
    // sent to a machine that is awake (running, or spinning for work) costs none.

    @Test
    void aSleepingMachineIsWokenByEachMessageThatFindsItAsleep() throws Exception {
        Machine m = rt.machine(0);
        long first = m.stats().wakeUps();
        for (int i = 0; i < 20; i++) {
            awaitParked(m);
            long before = m.stats().wakeUps();
            CountDownLatch ran = new CountDownLatch(1);
            m.execute(ran::countDown);
            assertThat(ran.await(10, TimeUnit.SECONDS)).as("the message woke the machine and ran").isTrue();
            // 0 only if the machine woke by itself just then (an interrupted epoll_wait), which needs none
            assertThat(m.stats().wakeUps() - before).as("wake-ups for one message to a parked machine")
                    .isBetween(0L, 1L);
        }
        assertThat(m.stats().wakeUps() - first).as("wake-ups counted for 20 messages to a parked machine").isPositive();
    }

    @Test
    void aBurstSentToASleepingMachineCostsOneWakeUp() throws Exception {
        Machine m = rt.machine(0);
        awaitParked(m);
        long before = m.stats().wakeUps();
        int burst = 10_000;
        CountDownLatch sent = new CountDownLatch(1);
        CountDownLatch all = new CountDownLatch(burst + 1);
        // the first message wakes the machine and holds it until the whole burst is queued, so the machine
        // cannot park again meanwhile: every later message finds it awake
        m.execute(() -> {
            awaitLatch(sent);
            all.countDown();
        });
        for (int i = 0; i < burst; i++) {
            m.execute(all::countDown);
        }
        sent.countDown();
        assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(m.stats().wakeUps() - before).as("wake-ups for a burst of %d to a parked machine", burst + 1)
                .isLessThanOrEqualTo(1);
    }

    @Test
    void aBurstSentToABusyMachineCostsNoWakeUp() throws Exception {
        Machine m = rt.machine(0);
        CountDownLatch running = new CountDownLatch(1);
        AtomicBoolean sent = new AtomicBoolean();
        Coroutine busy = m.spawn(() -> {
            running.countDown();
            while (!sent.get()) {
                Thread.onSpinWait();  // the machine is working for the whole burst
            }
        });
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        long before = m.stats().wakeUps();
        CountDownLatch all = new CountDownLatch(10_000);
        for (int i = 0; i < 10_000; i++) {
            m.execute(all::countDown);
        }
        long woken = m.stats().wakeUps() - before;
        sent.set(true);
        busy.join(T);
        assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(woken).as("wake-ups for 10,000 messages to a busy machine").isZero();
    }

    @Test
    void aMachineThatSpinsWhileIdleTakesWorkWithoutWakeUps() throws Exception {
        // a spin far longer than the test: the machine never parks, however slowly this thread sends
        try (Machinarium spinning = Machinarium.start(MachinariumConfig.builder().machines(1)
                .idleSpin(Duration.ofMinutes(10)).build())) {
            Machine m = spinning.machine(0);
            m.spawn(() -> { }).join(T);
            long before = m.stats().wakeUps();
            for (int i = 0; i < 20; i++) {
                CountDownLatch ran = new CountDownLatch(1);
                m.execute(ran::countDown);
                assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(m.stats().wakeUps() - before).as("tasks sent while it spins").isZero();
        }
    }

    @Test
    void aMachineWhoseSpinFindsNothingSleepsAndIsThenWoken() throws Exception {
        try (Machinarium spinning = Machinarium.start(MachinariumConfig.builder().machines(1)
                .idleSpin(Duration.ofMillis(1)).build())) {
            Machine m = spinning.machine(0);
            m.spawn(() -> { }).join(T);
            awaitParked(m);
            long before = m.stats().wakeUps();
            CountDownLatch ran = new CountDownLatch(1);
            m.execute(ran::countDown);
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(m.stats().wakeUps() - before).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void aMachineWhoseLastSleepWasShortSpinsAndTakesTheNextMessagesWithoutWakeUps() throws Exception {
        int cpus = Runtime.getRuntime().availableProcessors();
        org.junit.jupiter.api.Assumptions.assumeTrue(cpus > 1,
                "skipped: this JVM sees " + cpus + " processor, and machines never spin on one processor");
        // with a ten-minute adaptive spin, any sleep of this test is "short": after its first wake-up the
        // machine spins for the rest of the test
        try (Machinarium adaptive = Machinarium.start(MachinariumConfig.builder().machines(1)
                .adaptiveSpin(Duration.ofMinutes(10)).build())) {
            Machine m = adaptive.machine(0);
            awaitParked(m);
            long before = m.stats().wakeUps();
            for (int i = 0; i < 20; i++) {
                CountDownLatch ran = new CountDownLatch(1);
                m.execute(ran::countDown);
                assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(m.stats().wakeUps() - before).as("wake-ups for 20 messages: the first only")
                    .isLessThanOrEqualTo(1);
        }
    }

    @Test
    void twoMachinesInARequestReplyExchangeNeverWakeEachOtherMoreThanOncePerMessage() throws Exception {
        int trips = 5_000;
        for (MachinariumConfig config : List.of(MachinariumConfig.builder().machines(2).build(),
                MachinariumConfig.builder().machines(2).adaptiveSpin(Duration.ZERO).build())) {
            long woken = wakeUpsForRoundTrips(config, trips);
            assertThat(woken).as("wake-ups for %d round trips (%d messages), adaptive spin %s", trips, 2 * trips,
                    config.adaptiveSpin()).isLessThanOrEqualTo(2L * trips);
        }
    }

    /** Machine 0 and machine 1 pass a task back and forth; the wake-ups both took meanwhile. */
    private static long wakeUpsForRoundTrips(MachinariumConfig config, int trips) throws InterruptedException {
        try (Machinarium rt = Machinarium.start(config)) {
            Machine a = rt.machine(0);
            Machine b = rt.machine(1);
            java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(trips);
            CountDownLatch done = new CountDownLatch(1);
            Runnable[] ping = new Runnable[1];
            Runnable pong = () -> a.execute(ping[0]);
            ping[0] = () -> {
                if (left.decrementAndGet() == 0) {
                    done.countDown();
                } else {
                    b.execute(pong);
                }
            };
            long before = a.stats().wakeUps() + b.stats().wakeUps();
            a.execute(ping[0]);
            assertThat(done.await(60, TimeUnit.SECONDS)).as("the exchange finished").isTrue();
            return a.stats().wakeUps() + b.stats().wakeUps() - before;
        }
    }

    private static void awaitParked(Machine m) {
        Await.until(T, m.scheduler.inbox::isParked, () -> "machine '" + m.name() + "' never parked");
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
