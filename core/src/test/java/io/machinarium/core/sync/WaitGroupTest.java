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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link WaitGroup}, on coroutines of two machines and on the test thread. */
@MachinariumTest(machines = 2)
class WaitGroupTest {
    private Machinarium rt;

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
    }

    @Test
    void waitGroupSimple() {
        WaitGroup group = new WaitGroup();
        AtomicInteger finished = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            group.add(1);
            rt.machine(i % 2).spawn(() -> {
                try {
                    Coroutine.sleep(5);
                    finished.incrementAndGet();
                } finally {
                    group.done();
                }
            });
        }
        group.await(T);
        assertThat(finished.get()).isEqualTo(10);
        assertThat(group.count()).isZero();
    }

    @Test
    void waitGroupLifetimeWaitersOnManyMachinesAllWakeAndTheGroupIsReusable() {
        WaitGroup group = new WaitGroup();
        group.add(2);
        List<Coroutine> waiters = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            waiters.add(rt.machine(i % 2).spawn(() -> group.await(T)));
        }
        group.done();
        rt.machine(0).spawn(() -> Coroutine.sleep(5)).join(T);
        assertThat(waiters).noneMatch(Coroutine::isDone);
        group.done();
        waiters.forEach(c -> c.join(T));
        group.add(1);
        assertThatThrownBy(() -> group.await(Duration.ofMillis(5))).isInstanceOf(TimedOutException.class);
        group.done();
        group.await(Duration.ZERO);
        assertThatThrownBy(group::done).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void waitGroupTimeout() {
        WaitGroup group = new WaitGroup();
        group.add(1);
        AtomicReference<Throwable> caught = new AtomicReference<>();
        rt.machine(0).spawn(() -> {
            try {
                group.await(Duration.ofMillis(20));
            } catch (TimedOutException e) {
                caught.set(e);
            }
        }).join(T);
        assertThat(caught.get()).isInstanceOf(TimedOutException.class);
    }
}
