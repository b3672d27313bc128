package io.machinarium.core;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.testing.MachinariumTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scheduler: FIFO among ready coroutines, yields alternating, and timers not starved by a yielding loop. */
@MachinariumTest
class SchedulingTest {
    private Machinarium rt;

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
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
}
