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

/** Coroutine.sleep: at least the duration, deadline order, the machine free meanwhile, the cached clock moving with it. */
@MachinariumTest
class SleepTest {
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
