package io.machinarium.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.sync.WaitFlag;
import io.machinarium.core.sync.WaitGroup;
import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.MachinariumTest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MachinariumTest(machines = 2)
class ScaleTest {
    private static final Duration T = Duration.ofSeconds(60);
    private Machinarium rt;

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
    }

    @Test
    void oneHundredThousandCoroutinesAreAliveAtOnceOnOneMachine() {
        int n = 100_000;
        int[] started = new int[1];
        int[] finished = new int[1];
        int[] maxAlive = new int[1];
        WaitFlag release = new WaitFlag();
        WaitGroup allStarted = new WaitGroup();
        allStarted.add(n);
        rt.machine(0).spawn("parent", () -> {
            Machine m = Machine.current();
            Coroutine[] all = new Coroutine[n];
            for (int i = 0; i < n; i++) {
                all[i] = m.spawn(() -> {
                    started[0]++;
                    allStarted.done();
                    release.await(T);
                    finished[0]++;
                });
            }
            allStarted.await(T);
            maxAlive[0] = m.stats().coroutines();
            release.set();
            for (Coroutine c : all) {
                c.join();
            }
        }).join(T);
        assertThat(started[0]).isEqualTo(n);
        assertThat(finished[0]).isEqualTo(n);
        // the stats were published during the pass in which the last coroutine started: all alive
        assertThat(maxAlive[0]).isGreaterThanOrEqualTo(n);
    }

    @Test
    void spawnAcrossMachinesFromPlainThreadsAndCoroutines() throws Exception {
        AtomicLong sum = new AtomicLong();
        Thread[] threads = new Thread[2];
        for (int t = 0; t < threads.length; t++) {
            int base = t;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    int v = base * 5_000 + i;
                    rt.machine(i % 2).spawn(() -> sum.addAndGet(v));
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        rt.machine(0).spawn(() -> {
            for (int i = 0; i < 10_000; i++) {
                int v = 10_000 + i;
                rt.machine(1).spawn(() -> sum.addAndGet(v));
            }
        }).join(T);
        long expected = (long) 20_000 * 19_999 / 2;
        Await.until("every cross-machine add done", () -> sum.get() == expected);
        assertThat(sum.get()).isEqualTo(expected);
    }
}
