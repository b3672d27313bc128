package io.machinarium.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.testing.Runtimes;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DumpTest {
    private static final Duration T = Duration.ofSeconds(10);
    private final Machinarium rt = Runtimes.start(2);

    @AfterEach
    void close() {
        rt.close();
    }

    @Test
    void theDumpListsEveryCoroutineWithWhatItWaitsOnAndItsStack() {
        Coroutine sleeper = rt.machine(0).spawn("sleeper", DumpTest::sleepDeep);
        Coroutine joiner = rt.machine(1).spawn("joiner", () -> {
            try {
                sleeper.join();
            } catch (CoroutineFailedException expected) {
                // the sleeper ends by cancellation below
            }
        });
        awaitWaiting(sleeper);
        awaitWaiting(joiner);
        List<CoroutineInfo> dump = rt.coroutines(T);
        CoroutineInfo s = dump.stream().filter(i -> i.name().equals("sleeper")).findFirst().orElseThrow();
        CoroutineInfo j = dump.stream().filter(i -> i.name().equals("joiner")).findFirst().orElseThrow();
        assertThat(s.machine()).isEqualTo(rt.machine(0).name());
        assertThat(s.state()).isEqualTo(CoroutineState.WAITING);
        assertThat(s.waitingOn()).isEqualTo("sleep");
        assertThat(s.id()).isEqualTo(sleeper.id());
        assertThat(s.stack()).anySatisfy(e -> assertThat(e.getMethodName()).isEqualTo("sleepDeep"));
        assertThat(j.waitingOn()).contains("sleeper");
        assertThat(rt.dump(T)).contains("\"sleeper\" #" + sleeper.id()).contains("waiting on sleep")
                .contains("at io.machinarium.core.DumpTest.sleepDeep");
        sleeper.cancel();
        joiner.join(T);
    }

    @Test
    void aMachineHeldByABusyCoroutineIsReportedWithItsThreadStack() {
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Coroutine hog = rt.machine(0).spawn("hog", () -> {
            while (!stop.get()) {
                Thread.onSpinWait();
            }
        });
        while (hog.state() != CoroutineState.RUNNING) {
            Thread.onSpinWait();
        }
        List<CoroutineInfo> dump = rt.coroutines(Duration.ofMillis(200));
        stop.set(true);
        assertThat(dump).anySatisfy(i -> {
            assertThat(i.name()).contains("machine busy");
            assertThat(i.machine()).isEqualTo(rt.machine(0).name());
            assertThat(i.stack()).isNotEmpty();
        });
    }

    private static void sleepDeep() {
        Coroutine.sleep(60_000);
    }

    private static void awaitWaiting(Coroutine c) {
        long deadline = System.nanoTime() + T.toNanos();
        while (c.state() != CoroutineState.WAITING) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(c + " never waited");
            }
            Thread.onSpinWait();
        }
    }
}
