package io.machinarium.core;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.testing.MachinariumTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MachinariumTest
class SleepAndSchedulingTest {
    private Machinarium rt;

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
    }

    @Test
    void sleepSuspendsForAtLeastTheDuration() {
        long[] elapsed = new long[1];
        rt.machine(0).spawn(() -> {
            long t0 = System.nanoTime();
            Coroutine.sleep(Duration.ofMillis(50));
            elapsed[0] = System.nanoTime() - t0;
        }).join(T);
        assertThat(elapsed[0]).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
    }

    @Test
    void sleepingCoroutinesWakeInDeadlineOrder() {
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        List<Coroutine> all = new ArrayList<>();
        for (int ms : new int[] {60, 20, 40, 0, 10}) {
            all.add(rt.machine(0).spawn(() -> {
                Coroutine.sleep(ms);
                order.add(ms);
            }));
        }
        all.forEach(c -> c.join(T));
        assertThat(order).containsExactly(0, 10, 20, 40, 60);
    }

    @Test
    void aSleepingCoroutineDoesNotHoldTheMachine() {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        Coroutine sleeper = rt.machine(0).spawn(() -> {
            Coroutine.sleep(100);
            order.add("sleeper");
        });
        Coroutine busy = rt.machine(0).spawn(() -> order.add("other"));
        busy.join(T);
        sleeper.join(T);
        assertThat(order).containsExactly("other", "sleeper");
    }

    @Test
    void sleepZeroYieldsToTheOtherReadyCoroutines() {
        List<String> order = new ArrayList<>();
        rt.machine(0).spawn(() -> {
            Machine m = Machine.current();
            Coroutine a = m.spawn(() -> {
                order.add("a1");
                Coroutine.sleep(0);
                order.add("a2");
            });
            Coroutine b = m.spawn(() -> {
                order.add("b1");
                Coroutine.sleep(0);
                order.add("b2");
            });
            a.join();
            b.join();
        }).join(T);
        assertThat(order).containsExactly("a1", "b1", "a2", "b2");
    }

    @Test
    void contextSwitchingAlternatesTwoYieldingCoroutines() {
        List<String> order = new ArrayList<>();
        rt.machine(0).spawn(() -> {
            Machine m = Machine.current();
            Coroutine ping = m.spawn(() -> {
                for (int i = 0; i < 5; i++) {
                    order.add("ping" + i);
                    Coroutine.yieldNow();
                }
            });
            Coroutine pong = m.spawn(() -> {
                for (int i = 0; i < 5; i++) {
                    order.add("pong" + i);
                    Coroutine.yieldNow();
                }
            });
            ping.join();
            pong.join();
        }).join(T);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expected.add("ping" + i);
            expected.add("pong" + i);
        }
        assertThat(order).isEqualTo(expected);
    }

    @Test
    void aYieldingLoopDoesNotStarveTimers() {
        boolean[] stop = new boolean[1];
        long[] spins = new long[1];
        Coroutine spinner = rt.machine(0).spawn(() -> {
            while (!stop[0]) {
                spins[0]++;
                Coroutine.yieldNow();
            }
        });
        rt.machine(0).spawn(() -> {
            Coroutine.sleep(30);
            stop[0] = true;
        }).join(T);
        spinner.join(T);
        assertThat(spins[0]).isPositive();
    }

    @Test
    void theCachedClockAdvancesWithSleep() {
        long[] ms = new long[2];
        long[] us = new long[2];
        rt.machine(0).spawn(() -> {
            ms[0] = Machine.timeMillis();
            us[0] = Machine.timeMicros();
            Coroutine.sleep(30);
            ms[1] = Machine.timeMillis();
            us[1] = Machine.timeMicros();
        }).join(T);
        assertThat(ms[1] - ms[0]).isBetween(29L, 5_000L);
        assertThat(us[1] - us[0]).isBetween(29_000L, 5_000_000L);
    }
}
