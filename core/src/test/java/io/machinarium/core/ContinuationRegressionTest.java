package io.machinarium.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.testing.MachinariumTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Guards the JDK internals this runtime relies on: after many resumptions — enough for C2 to compile
 * the loops — a coroutine still sees its own machine thread and its event loop. A JDK update that
 * changes continuation behaviour fails here instead of in production (DESIGN 12).
 */
@MachinariumTest(machines = 2)
class ContinuationRegressionTest {
    private Machinarium rt;

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
    }

    @Test
    void currentThreadAndInEventLoopStayRightAcrossHotResumptions() {
        AtomicLong wrong = new AtomicLong();
        AtomicLong checks = new AtomicLong();
        List<Coroutine> all = new ArrayList<>();
        for (Machine m : rt.machines()) {
            for (int k = 0; k < 4; k++) {
                all.add(m.spawn(() -> {
                    Thread home = Thread.currentThread();
                    long bad = 0;
                    for (int i = 0; i < 200_000; i++) {
                        if (i % 1000 == 0) {
                            Coroutine.sleep(0);
                        } else {
                            Coroutine.yieldNow();
                        }
                        if (Thread.currentThread() != home || !m.eventLoop().inEventLoop()
                                || Machine.current() != m) {
                            bad++;
                        }
                    }
                    wrong.addAndGet(bad);
                    checks.addAndGet(200_000);
                }));
            }
        }
        all.forEach(c -> c.join(Duration.ofSeconds(120)));
        assertThat(checks.get()).isEqualTo(1_600_000);
        assertThat(wrong.get()).isZero();
    }

    @Test
    void resumptionsTriggeredFromOtherThreadsKeepTheRightThread() {
        AtomicLong wrong = new AtomicLong();
        Machine home = rt.machine(0);
        Machine other = rt.machine(1);
        home.spawn(() -> {
            Thread me = Thread.currentThread();
            for (int i = 0; i < 20_000; i++) {
                Coroutine self = Coroutine.current();
                long ticket = self.prepare("ping");
                other.execute(() -> self.wake(ticket));
                self.await(ticket, Blocker.NO_DEADLINE);
                if (Thread.currentThread() != me || !home.eventLoop().inEventLoop()) {
                    wrong.incrementAndGet();
                }
            }
        }).join(Duration.ofSeconds(120));
        assertThat(wrong.get()).isZero();
    }
}
