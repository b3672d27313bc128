package io.machinarium.bench;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.core.Machine;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Heap bytes held by one idle coroutine (suspended in a sleep) beside one idle virtual thread (parked
 * in {@code Thread.sleep}): the used heap after full collections, with and without N of them, over N.
 *
 * <p>Before measuring, each side parks and ends as many (at least {@value #MIN_WARM_UP}) once: a suspended
 * stack keeps its frames, and a frame of code not yet compiled by C2 is several times larger than a compiled
 * one (measured on JDK 25: a sleeping coroutine's stack chunk is 248–280 B once its path is compiled, 411–540 B
 * while it is not; 1,000 warm-up coroutines left most of 100,000 parking through interpreted or C1 frames on a
 * loaded machine). A long-running server parks through compiled code, so that is what the figure shows — for
 * virtual threads and coroutines alike.
 */
final class IdleMemory {
    private IdleMemory() {
    }

    private static final int MIN_WARM_UP = 1_000;

    static double bytesPerCoroutine(int n) {
        try (Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(1).build())) {
            Machine m = rt.machine(0);
            List<Coroutine> warm = idleCoroutines(m, Math.max(MIN_WARM_UP, n));
            waitUntilIdle(m, warm.size());
            warm.forEach(Coroutine::cancel);
            waitUntilIdle(m, 0);
            long before = usedHeap();
            List<Coroutine> idle = idleCoroutines(m, n);
            waitUntilIdle(m, n);
            long after = usedHeap();
            idle.forEach(Coroutine::cancel);
            waitUntilIdle(m, 0);
            return (double) (after - before) / n;
        }
    }

    private static List<Coroutine> idleCoroutines(Machine m, int n) {
        List<Coroutine> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(m.spawn(() -> Coroutine.sleep(86_400_000L)));
        }
        return list;
    }

    private static void waitUntilIdle(Machine m, int waiting) {
        while (m.stats().waiting() != waiting || m.stats().coroutines() != waiting) {
            Thread.onSpinWait();
        }
    }

    static double bytesPerVirtualThread(int n) throws InterruptedException {
        List<Thread> warm = idleVirtualThreads(Math.max(MIN_WARM_UP, n));
        stop(warm);
        long before = usedHeap();
        List<Thread> idle = idleVirtualThreads(n);
        long after = usedHeap();
        stop(idle);
        return (double) (after - before) / n;
    }

    private static List<Thread> idleVirtualThreads(int n) {
        List<Thread> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(86_400_000L);
                } catch (InterruptedException e) {
                    // stopped by the benchmark
                }
            }));
        }
        for (Thread t : list) {
            while (t.getState() != Thread.State.TIMED_WAITING) {
                Thread.onSpinWait();
            }
        }
        return list;
    }

    private static void stop(List<Thread> threads) throws InterruptedException {
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            t.join();
        }
    }

    static long usedHeapAfterGc() {
        return usedHeap();
    }

    private static long usedHeap() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
