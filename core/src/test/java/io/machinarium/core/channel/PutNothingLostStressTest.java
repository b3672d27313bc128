package io.machinarium.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.core.TimedOutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Waiting writes under racing timeouts: 4 writers put 200,000 messages into a channel hard-limited to 8, each
 * put with a timeout between 0 and 1 ms, while 2 slower readers read with timeouts of their own.
 * Every message must end in exactly one place: read once, or kept by its writer (whose put timed out).
 */
class PutNothingLostStressTest {
    private static final int MESSAGES = 200_000;
    private static final int WRITERS = 4;
    private static final int READERS = 2;
    private final Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(4).build());

    @AfterEach
    void close() {
        rt.close();
    }

    @Test
    void racingPutTimeoutsNeitherLoseNorDuplicateNorKeepATakenMessage() {
        SharedChannel<Integer> channel = new SharedChannel<>(LimitPolicy.hard(8));
        AtomicIntegerArray fate = new AtomicIntegerArray(MESSAGES);  // +1 per read, +100 per kept
        AtomicLong settled = new AtomicLong();
        AtomicLong keptCount = new AtomicLong();
        List<Coroutine> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int from = w * (MESSAGES / WRITERS);
            int to = from + MESSAGES / WRITERS;
            writers.add(rt.machine(w).spawn("writer-" + w, () -> {
                for (int v = from; v < to; v++) {
                    try {
                        channel.put(v, Duration.ofNanos(ThreadLocalRandom.current().nextLong(1_000_000)));
                    } catch (TimedOutException e) {
                        fate.addAndGet(v, 100);
                        keptCount.incrementAndGet();
                        settled.incrementAndGet();
                    }
                }
            }));
        }
        List<Coroutine> readers = new ArrayList<>();
        for (int r = 0; r < READERS; r++) {
            readers.add(rt.machine((r + 1) % 4).spawn("reader-" + r, () -> {
                while (settled.get() < MESSAGES) {
                    try {
                        Integer v = channel.read(Duration.ofNanos(ThreadLocalRandom.current().nextLong(1_000_000)));
                        fate.incrementAndGet(v);
                        settled.incrementAndGet();
                        // read slower than the writers write, so that puts wait and their timeouts race the reads
                        if ((v & 63) == 0) {
                            Coroutine.sleep(1);
                        } else {
                            Coroutine.yieldNow();
                        }
                    } catch (TimedOutException e) {
                        Coroutine.yieldNow();
                    }
                }
            }));
        }
        Duration t = Duration.ofMinutes(3);
        writers.forEach(c -> c.join(t));
        readers.forEach(c -> c.join(t));
        assertThat(channel.size()).isZero();
        for (int v = 0; v < MESSAGES; v++) {
            int f = fate.get(v);
            if (f != 1 && f != 100) {
                throw new AssertionError("message " + v + " was read " + f % 100 + " times and kept " + f / 100
                        + " times");
            }
        }
        assertThat(settled.get()).isEqualTo(MESSAGES);
        assertThat(keptCount.get()).as("puts must have timed out, or the race was not run").isPositive();
        System.out.println("puts that timed out: " + keptCount.get() + " of " + MESSAGES);
    }
}
