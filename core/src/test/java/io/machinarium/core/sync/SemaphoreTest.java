package io.machinarium.core.sync;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.testing.MachinariumTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MachinariumTest(machines = 2)
class SemaphoreTest {
    private Machinarium rt;

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
    }

    @Test
    void aSemaphoreAdmitsAtMostItsPermitsAtOnce() {
        Semaphore slots = new Semaphore(3);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        List<Coroutine> all = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            all.add(rt.machine(i % 2).spawn(() -> {
                slots.acquire();
                try {
                    max.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    Coroutine.sleep(2);
                    inside.decrementAndGet();
                } finally {
                    slots.release();
                }
            }));
        }
        all.forEach(c -> c.join(T));
        assertThat(max.get()).isEqualTo(3);
        assertThat(slots.available()).isEqualTo(3);
    }

    @Test
    void aSemaphoreAcquireTimesOutAndTakesNothing() {
        Semaphore s = new Semaphore(0);
        assertThatThrownBy(() -> s.acquire(Duration.ofMillis(10))).isInstanceOf(TimedOutException.class);
        s.release(2);
        assertThat(s.tryAcquire()).isTrue();
        assertThat(s.available()).isEqualTo(1);
    }
}
