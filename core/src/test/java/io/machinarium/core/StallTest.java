package io.machinarium.core;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The stall count: a coroutine that holds its machine past the threshold is a stall; a pass of many short
 * coroutines, or an idle machine, is not.
 */
class StallTest {
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
            // holds the machine, as a blocking call made there by mistake would, until the watchdog counts
            // it: a fixed 400 ms hold was not always counted on a loaded host, where the watchdog discards a
            // round it woke late for and does not blame a thread that was only waiting for a processor
            long giveUp = System.nanoTime() + T.toNanos();
            while (m.stats().stalls() == 0 && System.nanoTime() - giveUp < 0) {
                Thread.onSpinWait();
            }
        }).join(T.multipliedBy(2));
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
                        Thread.onSpinWait();  // a short burst of real work: the pass it makes must not count as a stall
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
}
