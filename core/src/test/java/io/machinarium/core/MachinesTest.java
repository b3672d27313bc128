package io.machinarium.core;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.MachinariumTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MachinariumTest(machines = 4)
class MachinesTest {
    private Machinarium rt;

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
    }

    @Test
    void configuredMachinesHaveIdsNamesAndTheirOwnThreads() {
        try (Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(3).machineNames("acceptor", "worker").build())) {
            assertThat(rt.machines()).extracting(Machine::name).containsExactly("acceptor", "worker", "machine-2");
            assertThat(rt.machines()).extracting(Machine::id).containsExactly(0, 1, 2);
            Set<String> threads = ConcurrentHashMap.newKeySet();
            for (Machine m : rt.machines()) {
                m.spawn(() -> {
                    assertThat(Machine.current()).isSameAs(m);
                    threads.add(Thread.currentThread().getName());
                }).join(T);
                assertThat(m.transport()).isIn(Transport.EPOLL, Transport.NIO);
            }
            assertThat(threads).containsExactlyInAnyOrder("acceptor", "worker", "machine-2");
            assertThat(Machine.current()).isNull();
        }
    }

    @Test
    void coroutinesOnSeveralMachinesRunInParallelAndEachStaysOnItsMachine() {
        List<Coroutine> all = new ArrayList<>();
        AtomicInteger wrongThread = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        for (Machine m : rt.machines()) {
            for (int i = 0; i < 100; i++) {
                all.add(m.spawn(() -> {
                    Thread home = Thread.currentThread();
                    for (int k = 0; k < 20; k++) {
                        Coroutine.sleep(k % 3);
                        if (Thread.currentThread() != home || Machine.current() != m) {
                            wrongThread.incrementAndGet();
                        }
                    }
                    done.incrementAndGet();
                }));
            }
        }
        all.forEach(c -> c.join(T));
        assertThat(done.get()).isEqualTo(400);
        assertThat(wrongThread.get()).isZero();
    }

    @Test
    void startMachineRunsItsMainCoroutineAndStopThenAwaitEndsIt() {
        AtomicReference<String> ran = new AtomicReference<>();
        AtomicReference<Throwable> unwound = new AtomicReference<>();
        Machine m = rt.startMachine("extra", () -> {
            ran.set(Coroutine.current().name() + "@" + Machine.current().name());
            try {
                Coroutine.sleep(60_000);
            } catch (CancelledException e) {
                unwound.set(e);
            }
        });
        Await.set(ran);
        assertThat(ran.get()).isEqualTo("main@extra");
        assertThat(m.await(Duration.ofMillis(50))).isFalse();
        m.stop();
        assertThat(m.await(T)).isTrue();
        assertThat(m.isTerminated()).isTrue();
        assertThat(unwound.get()).isInstanceOf(CancelledException.class);
        assertThatThrownBy(() -> m.spawn(() -> { })).isInstanceOf(RejectedException.class)
                .hasMessageContaining("extra");
        assertThat(rt.machines()).contains(m);
    }

    @Test
    void aMachineWaitsForItsCoroutinesToUnwindBeforeEnding() {
        AtomicInteger cleaned = new AtomicInteger();
        Machine m = rt.startMachine("unwinding", null);
        for (int i = 0; i < 50; i++) {
            m.spawn(() -> {
                try {
                    Coroutine.sleep(60_000);
                } finally {
                    cleaned.incrementAndGet();
                }
            });
        }
        m.stop();
        assertThat(m.await(T)).isTrue();
        assertThat(cleaned.get()).isEqualTo(50);
    }

    @Test
    void aCoroutineOfAnotherMachineCanWaitForAMachineToStop() {
        Machine m = rt.startMachine("short-lived", null);
        Coroutine waiter = rt.machine(0).spawn(() -> assertThat(m.await(Duration.ofSeconds(10))).isTrue());
        rt.machine(1).spawn(() -> {
            Coroutine.sleep(20);
            m.stop();
        });
        waiter.join(T);
    }

    @Test
    void aMachineCannotAwaitItselfNorCloseItsRuntime() {
        AtomicReference<Throwable> awaitSelf = new AtomicReference<>();
        AtomicReference<Throwable> closeOwn = new AtomicReference<>();
        rt.machine(0).spawn(() -> {
            try {
                Machine.current().await(Duration.ofSeconds(1));
            } catch (MisuseException e) {
                awaitSelf.set(e);
            }
            try {
                Machine.current().runtime().close();
            } catch (MisuseException e) {
                closeOwn.set(e);
            }
        }).join(T);
        assertThat(awaitSelf.get()).hasMessageContaining("its own");
        assertThat(closeOwn.get()).hasMessageContaining("own machine");
    }

    @Test
    void statisticsCountAliveReadyWaitingAndSwitches() {
        Machine m = rt.machine(2);
        List<Coroutine> sleepers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sleepers.add(m.spawn(() -> Coroutine.sleep(60_000)));
        }
        MachineStats s = awaitStats(m, 10);
        assertThat(s.coroutines()).isEqualTo(10);
        assertThat(s.waiting()).isEqualTo(10);
        assertThat(s.ready()).isZero();
        assertThat(s.switches()).isGreaterThanOrEqualTo(10);
        assertThat(s.machine()).isEqualTo(m.name());
        sleepers.forEach(Coroutine::cancel);
        awaitStats(m, 0);
    }

    private static MachineStats awaitStats(Machine m, int alive) {
        MachineStats[] s = new MachineStats[1];
        Await.until(T, () -> {
            s[0] = m.stats();
            return s[0].coroutines() == alive && s[0].waiting() == alive;
        }, () -> "stats never reached " + alive + " alive: " + s[0]);
        return s[0];
    }

    @Test
    void executeRunsATaskOnTheMachineThreadOutsideCoroutines() throws Exception {
        AtomicReference<String> where = new AtomicReference<>();
        java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
        rt.machine(3).execute(() -> {
            where.set(Thread.currentThread().getName() + "/" + (Coroutine.current() == null));
            ran.countDown();
        });
        assertThat(ran.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(where.get()).isEqualTo(rt.machine(3).name() + "/true");
    }

    @Test
    void closeStopsEveryMachineAndRefusesNewOnes() {
        Machine m = rt.machine(0);
        m.spawn(() -> Coroutine.sleep(60_000));
        rt.close();
        assertThat(rt.machines()).allMatch(Machine::isTerminated);
        assertThatThrownBy(() -> rt.startMachine("late", null)).isInstanceOf(RejectedException.class);
        assertThatThrownBy(() -> m.execute(() -> { })).isInstanceOf(RejectedException.class);
    }

    @Test
    void autoPicksEpollOnLinuxX86() {
        boolean linuxX86 = System.getProperty("os.name").equals("Linux")
                && System.getProperty("os.arch").equals("amd64");
        org.junit.jupiter.api.Assumptions.assumeTrue(linuxX86,
                "epoll ships natively only for Linux x86-64 in this build; this is "
                        + System.getProperty("os.name") + "/" + System.getProperty("os.arch"));
        assertThat(Transport.AUTO.resolve()).isEqualTo(Transport.EPOLL);
        assertThat(rt.machine(0).transport()).isEqualTo(Transport.EPOLL);
    }

    @Test
    void theNioTransportRunsCoroutinesToo() {
        try (Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(1).transport(Transport.NIO).build())) {
            assertThat(rt.machine(0).transport()).isEqualTo(Transport.NIO);
            int[] n = new int[1];
            rt.machine(0).spawn(() -> {
                for (int i = 0; i < 5; i++) {
                    Coroutine.sleep(2);
                    n[0]++;
                }
            }).join(T);
            assertThat(n[0]).isEqualTo(5);
        }
    }
}
