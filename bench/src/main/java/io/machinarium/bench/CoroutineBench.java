package io.machinarium.bench;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.core.Machine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Coroutine primitives beside their JDK virtual-thread equivalents. Each invocation runs a batch of
 * {@value #BATCH} operations inside one coroutine (or one virtual thread), so the cost of reaching it
 * from the JMH thread is spread thin; the score is per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CoroutineBench {
    static final int BATCH = 10_000;

    private Machinarium runtime;
    private Machine machine;

    @Setup(Level.Trial)
    public void start() {
        runtime = Machinarium.start(MachinariumConfig.builder().machines(1).build());
        machine = runtime.machine(0);
    }

    @TearDown(Level.Trial)
    public void stop() {
        runtime.close();
    }

    /** One coroutine yields and is resumed by its machine's scheduler. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void yieldResume_coroutine() {
        machine.spawn(() -> {
            for (int i = 0; i < BATCH; i++) {
                Coroutine.yieldNow();
            }
        }).join();
    }

    /** One virtual thread yields and is resumed by the JDK's scheduler. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void yieldResume_virtualThread() throws InterruptedException {
        Thread.ofVirtual().start(() -> {
            for (int i = 0; i < BATCH; i++) {
                Thread.yield();
            }
        }).join();
    }

    /** A coroutine spawns a child on its machine and joins it. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void spawnJoin_coroutine() {
        machine.spawn(() -> {
            Machine m = Machine.current();
            for (int i = 0; i < BATCH; i++) {
                m.spawn(CoroutineBench::nothing).join();
            }
        }).join();
    }

    /** A virtual thread starts a child virtual thread and joins it. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void spawnJoin_virtualThread() throws InterruptedException {
        Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < BATCH; i++) {
                    Thread.ofVirtual().start(CoroutineBench::nothing).join();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).join();
    }

    private static void nothing() {
    }
}
