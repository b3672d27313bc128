package io.machinarium.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StallAndWakeUpTest {
    private static final Duration T = Duration.ofSeconds(10);
    private final Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(2)
            .stallThreshold(Duration.ofMillis(100)).build());

    @AfterEach
    void close() {
        rt.close();
    }

    @Test
    void aCoroutineThatHoldsItsMachinePastTheThresholdIsCountedAsAStall() {
        Machine m = rt.machine(0);
        m.spawn("hog", () -> {
            long end = System.nanoTime() + Duration.ofMillis(400).toNanos();
            while (System.nanoTime() < end) {
                Thread.onSpinWait();   // stands for a blocking call made on the machine by mistake
            }
        }).join(T);
        assertThat(m.stats().stalls()).isEqualTo(1);
    }

    @Test
    void aLongPassOfManyShortCoroutinesIsNotAStall() {
        Machine m = rt.machine(1);
        m.spawn(() -> {
            Machine self = Machine.current();
            Coroutine[] all = new Coroutine[300_000];
            for (int i = 0; i < all.length; i++) {
                if (i % 1000 == 0) {
                    Coroutine.yieldNow();  // spawning 300,000 at once would itself hold the machine too long
                }
                all[i] = self.spawn(() -> {
                    long end = System.nanoTime() + 1_000;
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                });
            }
            for (int i = 0; i < all.length; i++) {
                if (i % 1000 == 0) {
                    Coroutine.yieldNow();  // so does joining 300,000 finished coroutines in one go
                }
                all[i].join();
            }
        }).join(Duration.ofSeconds(60));
        assertThat(m.stats().switches()).isGreaterThan(300_000);
        assertThat(m.stats().stalls()).isZero();
    }

    @Test
    void anIdleMachineIsNotStalled() {
        Machine m = rt.machine(1);
        m.spawn(() -> Coroutine.sleep(400)).join(T);
        assertThat(m.stats().stalls()).isZero();
    }

    @Test
    void workSentToABusyMachineCostsNoWakeUpButASleepingMachineIsWokenEachTime() throws Exception {
        Machine m = rt.machine(0);
        for (int i = 0; i < 20; i++) {
            CountDownLatch ran = new CountDownLatch(1);
            long before = m.stats().wakeUps();
            awaitParked(m);
            m.execute(ran::countDown);
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(m.stats().wakeUps()).isGreaterThan(before);
        }
        AtomicBoolean stop = new AtomicBoolean();
        Coroutine busy = m.spawn(() -> {
            while (!stop.get()) {
                Coroutine.yieldNow();
            }
        });
        while (busy.state() == CoroutineState.NEW) {
            Thread.onSpinWait();
        }
        long before = m.stats().wakeUps();
        CountDownLatch all = new CountDownLatch(10_000);
        for (int i = 0; i < 10_000; i++) {
            m.execute(all::countDown);
        }
        assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        long woken = m.stats().wakeUps() - before;
        stop.set(true);
        busy.join(T);
        assertThat(woken).as("wake-ups for 10,000 messages to a busy machine").isLessThanOrEqualTo(2);
    }

    @Test
    void aMachineThatSpinsWhileIdleTakesWorkWithoutWakeUpsThenSleeps() throws Exception {
        try (Machinarium spinning = Machinarium.start(MachinariumConfig.builder().machines(1)
                .idleSpin(Duration.ofMillis(200)).build())) {
            Machine m = spinning.machine(0);
            m.spawn(() -> { }).join(T);  // the machine has just worked: it spins now
            long before = m.stats().wakeUps();
            for (int i = 0; i < 20; i++) {
                CountDownLatch ran = new CountDownLatch(1);
                m.execute(ran::countDown);
                assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(m.stats().wakeUps() - before).as("tasks sent while it spins").isLessThanOrEqualTo(1);
            awaitParked(m);  // and once the spin time is over it sleeps
            CountDownLatch ran = new CountDownLatch(1);
            m.execute(ran::countDown);
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(m.stats().wakeUps()).isGreaterThan(before);
        }
    }

    @Test
    void twoMachinesInARequestReplyExchangeSpinInsteadOfWakingEachOther() throws Exception {
        int cpus = Runtime.getRuntime().availableProcessors();
        org.junit.jupiter.api.Assumptions.assumeTrue(cpus > 1,
                "skipped: this JVM sees " + cpus + " processor, and machines never spin on one processor");
        int trips = 5_000;
        long spinning = wakeUpsForRoundTrips(MachinariumConfig.builder().machines(2).build(), trips);
        long sleeping = wakeUpsForRoundTrips(MachinariumConfig.builder().machines(2).adaptiveSpin(Duration.ZERO)
                .build(), trips);
        assertThat(sleeping).as("wake-ups for %d round trips without spinning", trips).isGreaterThan(trips);
        assertThat(spinning).as("wake-ups for %d round trips with adaptive spinning", trips).isLessThan(trips / 4);
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
        long deadline = System.nanoTime() + T.toNanos();
        while (!m.scheduler.inbox.isParked()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("machine never parked");
            }
            Thread.onSpinWait();
        }
    }
}
