package io.machinarium.core.channel;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.testing.Await;
import io.machinarium.core.CancelledException;
import io.machinarium.core.ClosedException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.CoroutineState;
import io.machinarium.core.Machinarium;
import io.machinarium.core.RejectedException;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.testing.MachinariumTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MachinariumTest(machines = 3)
class SharedChannelTest {
    private Machinarium rt;

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
    }

    @Test
    void readAndWriteAcrossMachines() {
        SharedChannel<Integer> c = new SharedChannel<>();
        List<Integer> got = new ArrayList<>();
        Coroutine reader = rt.machine(1).spawn(() -> {
            for (int i = 0; i < 1000; i++) {
                got.add(c.read(T));
            }
        });
        rt.machine(0).spawn(() -> {
            for (int i = 0; i < 1000; i++) {
                c.write(i);
                if (i % 100 == 0) {
                    Coroutine.sleep(1);
                }
            }
        }).join(T);
        reader.join(T);
        assertThat(got).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(got.get(i)).isEqualTo(i);
        }
    }

    @Test
    void plainThreadsAndCoroutinesShareOneChannel() throws Exception {
        SharedChannel<String> c = new SharedChannel<>();
        Coroutine echo = rt.machine(0).spawn(() -> c.write("from coroutine: " + c.read(T)));
        Thread writer = new Thread(() -> c.write("hi"));
        writer.start();
        writer.join();
        echo.join(T);
        assertThat(c.read(T)).isEqualTo("from coroutine: hi");
    }

    @Test
    void aReadTimesOutAndACancelledReadIsToldApart() {
        SharedChannel<String> c = new SharedChannel<>();
        AtomicReference<Throwable> timedOut = new AtomicReference<>();
        AtomicReference<Throwable> cancelled = new AtomicReference<>();
        Coroutine a = rt.machine(0).spawn(() -> {
            try {
                c.read(Duration.ofMillis(20));
            } catch (RuntimeException e) {
                timedOut.set(e);
            }
        });
        Coroutine b = rt.machine(1).spawn(() -> {
            try {
                c.readBack(Duration.ofSeconds(60));
            } catch (RuntimeException e) {
                cancelled.set(e);
            }
        });
        a.join(T);
        Await.blocked(b);
        b.cancel();
        b.join(T);
        assertThat(timedOut.get()).isInstanceOf(TimedOutException.class);
        assertThat(cancelled.get()).isInstanceOf(CancelledException.class);
        c.write("still deliverable");
        assertThat(c.poll()).isEqualTo("still deliverable");
    }

    @Test
    void aCancelledConsumerStopsEvenWhileMessagesAreQueued() {
        SharedChannel<Integer> c = new SharedChannel<>();
        for (int i = 0; i < 100; i++) {
            c.write(i);
        }
        AtomicReference<Throwable> caught = new AtomicReference<>();
        Coroutine consumer = rt.machine(0).spawn(() -> {
            Coroutine.current().cancel();
            try {
                c.read(T);
            } catch (CancelledException e) {
                caught.set(e);
            }
        });
        consumer.join(T);
        assertThat(caught.get()).hasMessageContaining("channel read refused");
        assertThat(c.size()).as("nothing was taken").isEqualTo(100);
    }

    @Test
    void aPlainThreadReadTimesOutToo() {
        SharedChannel<String> c = new SharedChannel<>();
        assertThatThrownBy(() -> c.read(Duration.ofMillis(10))).isInstanceOf(TimedOutException.class);
    }

    @Test
    void producersAndConsumersAcrossMachinesMoveEveryMessageOnce() {
        SharedChannel<Long> c = new SharedChannel<>();
        int producers = 3;
        int perProducer = 20_000;
        AtomicLong sum = new AtomicLong();
        AtomicLong count = new AtomicLong();
        List<Coroutine> all = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            long base = (long) p * perProducer;
            all.add(rt.machine(p).spawn(() -> {
                for (long i = 0; i < perProducer; i++) {
                    c.write(base + i);
                }
            }));
        }
        for (int r = 0; r < 3; r++) {
            all.add(rt.machine(r).spawn(() -> {
                for (;;) {
                    long v;
                    try {
                        v = c.read(T);
                    } catch (ClosedException e) {
                        return;
                    }
                    sum.addAndGet(v);
                    count.incrementAndGet();
                }
            }));
        }
        long total = (long) producers * perProducer;
        Await.until("every message read", () -> count.get() >= total);
        c.close();
        all.forEach(x -> x.join(T));
        assertThat(count.get()).isEqualTo(total);
        assertThat(sum.get()).isEqualTo(total * (total - 1) / 2);
    }

    @Test
    void aHardLimitRejectsAtTheLimitAndTellsTheWriter() {
        SharedChannel<Integer> c = new SharedChannel<>(LimitPolicy.hard(3));
        for (int i = 0; i < 3; i++) {
            assertThat(c.tryWrite(i)).isTrue();
        }
        assertThat(c.tryWrite(3)).isFalse();
        assertThatThrownBy(() -> c.write(4)).isInstanceOf(RejectedException.class)
                .hasMessageContaining("HARD limit of 3");
        assertThat(c.size()).isEqualTo(3);
        assertThat(c.poll()).isZero();
        assertThat(c.tryWrite(5)).isTrue();
    }

    @Test
    void aHardLimitNeverRejectsAWriteThatAWaitingReaderTakes() throws Exception {
        SharedChannel<Integer> c = new SharedChannel<>(LimitPolicy.hard(1));
        c.write(0);
        Coroutine reader = rt.machine(0).spawn(() -> {
            assertThat(c.read(T)).isEqualTo(0);
            assertThat(c.read(T)).isEqualTo(1);
        });
        Await.blocked(reader);
        assertThat(c.tryWrite(1)).isTrue();
        reader.join(T);
    }

    @Test
    void aSoftLimitRejectsWithAProbabilityRisingFromZeroToOne() {
        SharedChannel<Integer> c = new SharedChannel<>(LimitPolicy.soft(100));
        for (int i = 0; i < 100; i++) {
            assertThat(c.tryWrite(i)).as("below the limit nothing is rejected").isTrue();
        }
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < 10_000 && c.size() < 200; i++) {
            if (c.tryWrite(i)) {
                accepted++;
            } else {
                rejected++;
            }
        }
        assertThat(accepted).isGreaterThan(0);
        assertThat(rejected).isGreaterThan(0);
        assertThat(c.size()).isLessThanOrEqualTo(200);
        while (c.size() < 200) {
            c.tryWrite(-1);
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(c.tryWrite(i)).as("at twice the limit everything is rejected").isFalse();
        }
    }

    @Test
    void aSoftLimitRejectsAboutHalfTheWritesHalfwayBetweenLimitAndTwiceIt() {
        LimitPolicy p = LimitPolicy.soft(100);
        int admitted = 0;
        for (int i = 0; i < 20_000; i++) {
            if (p.admits(150)) {
                admitted++;
            }
        }
        assertThat(admitted).isBetween(9_000, 11_000);
        assertThatThrownBy(() -> LimitPolicy.hard(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
