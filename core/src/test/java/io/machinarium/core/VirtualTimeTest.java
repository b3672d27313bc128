package io.machinarium.core;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.channel.SharedChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The virtual-time test runtime: long sleeps, timeouts and timers pass at once, in deadline order, with
 * the same outcomes as on real time.
 */
class VirtualTimeTest {

    private static Machinarium runtime(boolean virtual) {
        return Machinarium.start(MachinariumConfig.builder().machines(1).virtualTime(virtual).build());
    }

    /**
     * A reader waits up to {@code timeout} for a message twice: the first time a writer sends one after
     * {@code writeAfter}; the second time nobody writes. Returns what happened, with the elapsed machine
     * time of each step in units of {@code unit}.
     */
    private static List<String> readWithTimeouts(Machinarium rt, Duration unit) {
        List<String> events = new CopyOnWriteArrayList<>();
        SharedChannel<String> ch = new SharedChannel<>();
        Machine m = rt.machine(0);
        Coroutine reader = m.spawn(() -> {
            long t0 = Blocker.now();
            m.spawn(() -> {
                Coroutine.sleep(unit.multipliedBy(10));
                ch.write("hello");
            });
            events.add("read " + ch.read(unit.multipliedBy(30)) + " after " + elapsed(t0, unit));
            long t1 = Blocker.now();
            try {
                ch.read(unit.multipliedBy(30));
                events.add("read something");
            } catch (TimedOutException e) {
                events.add("timed out after " + elapsed(t1, unit));
            }
        });
        reader.join(T.multipliedBy(3));
        return events;
    }

    private static long elapsed(long since, Duration unit) {
        return (Blocker.now() - since) / unit.toNanos();
    }

    @Test
    void aThirtySecondTimeoutPassesWithoutWaitingForItAndBehavesAsOnRealTime() {
        List<String> virtual;
        Duration covered;
        long t0 = System.nanoTime();
        try (Machinarium rt = runtime(true)) {
            virtual = readWithTimeouts(rt, Duration.ofSeconds(1));
            covered = rt.machine(0).virtualTimeElapsed();
            assertThat(covered).isGreaterThanOrEqualTo(Duration.ofSeconds(40));
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - t0);
        // the bound follows from the design, not from this machine's speed: virtual time never waits for the
        // clock, so the 40 s it covered cannot have taken 40 s (on real time they would take at least that)
        assertThat(wall).isLessThan(covered);
        assertThat(virtual).containsExactly("read hello after 10", "timed out after 30");
        // the same program on real time, with the unit scaled down to 20 ms, sees the same events in the same
        // order, each no earlier than its deadline (a busy machine may run it later, never sooner)
        try (Machinarium rt = runtime(false)) {
            List<String> real = readWithTimeouts(rt, Duration.ofMillis(20));
            assertThat(real).hasSize(2);
            assertThat(real.get(0)).startsWith("read hello after ");
            assertThat(unitsIn(real.get(0))).isGreaterThanOrEqualTo(10);
            assertThat(real.get(1)).startsWith("timed out after ");
            assertThat(unitsIn(real.get(1))).isGreaterThanOrEqualTo(30);
            assertThat(rt.machine(0).virtualTimeElapsed()).isZero();
        }
    }

    private static long unitsIn(String event) {
        return Long.parseLong(event.substring(event.lastIndexOf(' ') + 1));
    }

    @Test
    void timersFireInDeadlineOrderEveryRun() {
        for (int run = 0; run < 3; run++) {
            try (Machinarium rt = runtime(true)) {
                List<String> order = new CopyOnWriteArrayList<>();
                Machine m = rt.machine(0);
                Coroutine main = m.spawn(() -> {
                    Coroutine a = m.spawn(() -> {
                        Coroutine.sleep(Duration.ofHours(3));
                        order.add("3h");
                    });
                    Coroutine b = m.spawn(() -> {
                        Coroutine.sleep(Duration.ofMinutes(1));
                        order.add("1m");
                    });
                    m.schedule(Duration.ofHours(2), () -> order.add("2h timer"));
                    Coroutine c = m.spawn(() -> {
                        Coroutine.sleep(Duration.ofDays(1));
                        order.add("1d");
                    });
                    a.join();
                    b.join();
                    c.join();
                });
                main.join(T);
                assertThat(order).containsExactly("1m", "2h timer", "3h", "1d");
                assertThat(m.virtualTimeElapsed()).isEqualTo(Duration.ofDays(1));
            }
        }
    }

    @Test
    void theClockStandsStillWhileCoroutinesWork() {
        try (Machinarium rt = runtime(true)) {
            long[] spent = new long[1];
            rt.machine(0).spawn(() -> {
                long t0 = Blocker.now();
                long x = 0;
                for (int i = 0; i < 5_000_000; i++) {
                    x += i ^ (x >>> 3);
                }
                Coroutine.yieldNow();
                spent[0] = Blocker.now() - t0 + (x == 42 ? 1 : 0);
            }).join(T);
            assertThat(spent[0]).isZero();
        }
    }

    @Test
    void aVirtualRuntimeHasExactlyOneMachine() {
        assertThatThrownBy(() -> MachinariumConfig.builder().machines(2).virtualTime(true).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a runtime on virtual time has exactly one machine, not 2");
    }
}
