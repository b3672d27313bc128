package io.machinarium.core.channel;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.ClosedException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.RejectedException;
import io.machinarium.core.testing.MachinariumTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many threads write to a hard-limited shared channel far faster than coroutines read it: the queue never
 * holds more than the limit, the writers over it are told so, and every message taken is read once.
 */
@MachinariumTest(machines = 2)
class HardLimitFloodTest {
    private static final int LIMIT = 32;

    private Machinarium rt;

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
    }

    @Test
    void aFloodPastAHardLimitIsRejectedClearlyAndLosesNothingTaken() throws Exception {
        SharedChannel<Long> c = new SharedChannel<>(LimitPolicy.hard(LIMIT));
        AtomicLong readSum = new AtomicLong();
        AtomicLong readCount = new AtomicLong();
        List<Coroutine> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            readers.add(rt.machine(r).spawn(() -> {
                try {
                    for (;;) {
                        readSum.addAndGet(c.read(T));
                        readCount.incrementAndGet();
                        Coroutine.yieldNow();
                    }
                } catch (ClosedException e) {
                    // drained and closed
                }
            }));
        }
        AtomicLong writtenSum = new AtomicLong();
        AtomicLong written = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        AtomicInteger mostQueued = new AtomicInteger();
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            long base = w * 100_000L;
            writers.add(CompletableFuture.runAsync(() -> {
                for (long i = base; i < base + 100_000; i++) {
                    try {
                        c.write(i);
                        written.incrementAndGet();
                        writtenSum.addAndGet(i);
                    } catch (RejectedException e) {
                        assertThat(e).hasMessageContaining("HARD limit of " + LIMIT);
                        rejected.incrementAndGet();
                    }
                    mostQueued.accumulateAndGet(c.size(), Math::max);
                }
            }, runnable -> new Thread(runnable, "writer").start()));
        }
        for (CompletableFuture<Void> w : writers) {
            w.get(T.toSeconds(), TimeUnit.SECONDS);
        }
        c.close();
        for (Coroutine r : readers) {
            r.join(T);
        }
        System.out.println("HardLimitFloodTest: " + written.get() + " written, " + rejected.get()
                + " rejected, at most " + mostQueued.get() + " queued (limit " + LIMIT + ")");
        assertThat(rejected.get()).as("the flood went past the limit").isPositive();
        assertThat(mostQueued.get()).isLessThanOrEqualTo(LIMIT);
        assertThat(readCount.get()).as("every message taken was read once").isEqualTo(written.get());
        assertThat(readSum.get()).isEqualTo(writtenSum.get());
    }
}
