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
class EventTest {
    private Machinarium rt;

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
    }

    @Test
    void anEventSignalledWithNoWaiterIsKeptForOneWait() {
        Event e = new Event();
        e.signal();
        e.signal();
        assertThat(e.isSignalled()).isTrue();
        e.await(T);
        assertThatThrownBy(() -> e.await(Duration.ofMillis(10))).isInstanceOf(TimedOutException.class);
    }

    @Test
    void anEventWakesOneWaitingCoroutinePerSignal() {
        Event e = new Event();
        AtomicInteger woken = new AtomicInteger();
        List<Coroutine> waiters = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            waiters.add(rt.machine(i % 2).spawn(() -> {
                e.await(T);
                woken.incrementAndGet();
            }));
        }
        for (int i = 0; i < 4; i++) {
            rt.machine(0).spawn(() -> Coroutine.sleep(2)).join(T);
            e.signal();
        }
        waiters.forEach(c -> c.join(T));
        assertThat(woken.get()).isEqualTo(4);
        assertThat(e.isSignalled()).isFalse();
    }
}
