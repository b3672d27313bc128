package io.machinarium.bench;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.core.Machine;
import io.machinarium.core.channel.LimitPolicy;
import io.machinarium.core.channel.LocalChannel;
import io.machinarium.core.channel.SharedChannel;
import io.machinarium.core.sync.Mutex;
import io.machinarium.core.sync.WaitGroup;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Channels and the mutex beside their JDK equivalents on virtual threads, each invocation a batch so
 * the hop from the JMH thread to the machines is spread thin. Every benchmark checks its result (each
 * message received once and in order, or every increment counted) and throws otherwise.
 *
 * <ul>
 * <li>local channel: one machine; the producer writes an unlimited {@link LocalChannel} and yields
 *     after every {@value #BURST} messages (so the consumer drains and waits again) — vs. the same
 *     code on two virtual threads and a {@link LinkedTransferQueue} (with {@code Thread.yield()}).
 * <li>shared channel: producer on machine 0, consumer on machine 1. Our writes never block, so the
 *     producer is held within {@value #CAPACITY} messages by credits (a windowed ping-pong): the
 *     consumer acknowledges every {@value #CAPACITY}/2 messages on a second channel, and the producer
 *     waits for an acknowledgement before each further half-window; the channel's hard limit of
 *     {@value #CAPACITY} proves the bound ({@code write} would throw). Both sides suspend, as with the
 *     anchor; a {@code tryWrite}-fails-then-{@code yieldNow} loop instead burns a core while the
 *     channel is full and was over ten times slower on a loaded two-core host. Anchor: blocking
 *     {@code put}/{@code take} on an {@link ArrayBlockingQueue} of the same capacity.
 * <li>mutex: {@value #LOCKERS} coroutines, half on each machine, wait at a start barrier (without
 *     it the first ones finish before the last start, and nothing contends), then increment one
 *     counter under a {@link Mutex} (barging, bounded: see its Javadoc) — vs. as many virtual threads, a
 *     {@link CountDownLatch} and a default (non-fair) {@link ReentrantLock}.
 * <li>ping-pong: one token goes machine 0 → 1 → 0 through two unlimited SharedChannels, two
 *     cross-machine wake-ups per round trip — vs. two virtual threads and two SynchronousQueues, and
 *     ({@code pingPong_platformThread}) two platform threads on them, the same cross-thread shape.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChannelBench {
    static final int BATCH = 10_000;
    static final int BURST = 64;
    static final int CAPACITY = 1024;
    static final int LOCKERS = 4;
    static final int ROUNDS = 2_000;

    /** Microseconds an idle machine polls before sleeping ({@code MachinariumConfig.idleSpin}); 0 = default. */
    @Param({"0"})
    public int idleSpinMicros;

    private Machinarium runtime;
    private Machine m0;
    private Machine m1;
    private long counter;

    @Setup(Level.Trial)
    public void start() {
        runtime = Machinarium.start(MachinariumConfig.builder().machines(2)
                .idleSpin(java.time.Duration.ofNanos(idleSpinMicros * 1_000L)).build());
        m0 = runtime.machine(0);
        m1 = runtime.machine(1);
    }

    @TearDown(Level.Trial)
    public void stop() {
        runtime.close();
    }

    /** Producer and consumer coroutines on one machine pass messages through a LocalChannel. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int localChannel_coroutine() {
        int[] got = new int[1];
        m0.spawn(unchecked(() -> {
            LocalChannel<Integer> ch = new LocalChannel<>();
            Coroutine consumer = Machine.current().spawn(unchecked(() -> got[0] = receive(ch::read, BATCH)));
            send(m -> {
                ch.write(m);
                if (m % BURST == BURST - 1) {
                    Coroutine.yieldNow();
                }
            });
            consumer.join();
        })).join();
        return check(got[0], BATCH);
    }

    /** Two virtual threads pass messages through a LinkedTransferQueue. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int localChannel_virtualThread() throws InterruptedException {
        LinkedTransferQueue<Integer> q = new LinkedTransferQueue<>();
        int[] got = new int[1];
        Thread consumer = Thread.ofVirtual().start(unchecked(() -> got[0] = receive(q::take, BATCH)));
        Thread producer = Thread.ofVirtual().start(unchecked(() -> send(m -> {
            q.put(m);
            if (m % BURST == BURST - 1) {
                Thread.yield();
            }
        })));
        producer.join();
        consumer.join();
        return check(got[0], BATCH);
    }

    /** A coroutine on machine 0 writes a SharedChannel, within credits, that one on machine 1 reads. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int sharedChannel_coroutine() {
        SharedChannel<Integer> ch = new SharedChannel<>(LimitPolicy.hard(CAPACITY));
        SharedChannel<Integer> acks = new SharedChannel<>();
        int[] got = new int[1];
        Coroutine consumer = m1.spawn(unchecked(() -> got[0] = receive(() -> {
            Integer m = ch.read();
            if ((m + 1) % (CAPACITY / 2) == 0) {
                acks.write(m);
            }
            return m;
        }, BATCH)));
        Coroutine producer = m0.spawn(unchecked(() -> send(m -> {
            if (m >= CAPACITY && m % (CAPACITY / 2) == 0) {
                acks.read();
            }
            ch.write(m);
        })));
        producer.join();
        consumer.join();
        return check(got[0], BATCH);
    }

    /** Two virtual threads pass messages through an ArrayBlockingQueue. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int sharedChannel_virtualThread() throws InterruptedException {
        ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(CAPACITY);
        int[] got = new int[1];
        Thread consumer = Thread.ofVirtual().start(unchecked(() -> got[0] = receive(q::take, BATCH)));
        Thread producer = Thread.ofVirtual().start(unchecked(() -> send(q::put)));
        producer.join();
        consumer.join();
        return check(got[0], BATCH);
    }

    /** Coroutines on two machines take turns incrementing a counter under one Mutex. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long mutex_coroutine() {
        Mutex mutex = new Mutex();
        WaitGroup start = new WaitGroup();
        start.add(LOCKERS);
        counter = 0;
        Coroutine[] lockers = new Coroutine[LOCKERS];
        for (int k = 0; k < LOCKERS; k++) {
            lockers[k] = (k % 2 == 0 ? m0 : m1).spawn(() -> {
                start.done();
                start.await(null);
                for (int i = 0; i < BATCH / LOCKERS; i++) {
                    mutex.lock();
                    try {
                        counter++;
                    } finally {
                        mutex.unlock();
                    }
                }
            });
        }
        for (Coroutine c : lockers) {
            c.join();
        }
        return check(counter, BATCH);
    }

    /** Virtual threads take turns incrementing a counter under one ReentrantLock. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long mutex_virtualThread() throws InterruptedException {
        ReentrantLock lock = new ReentrantLock();
        CountDownLatch start = new CountDownLatch(LOCKERS);
        counter = 0;
        Thread[] lockers = new Thread[LOCKERS];
        for (int k = 0; k < LOCKERS; k++) {
            lockers[k] = Thread.ofVirtual().start(unchecked(() -> {
                start.countDown();
                start.await();
                for (int i = 0; i < BATCH / LOCKERS; i++) {
                    lock.lock();
                    try {
                        counter++;
                    } finally {
                        lock.unlock();
                    }
                }
            }));
        }
        for (Thread t : lockers) {
            t.join();
        }
        return check(counter, BATCH);
    }

    /** A token makes round trips between coroutines on two machines through two SharedChannels. */
    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public int pingPong_coroutine() {
        SharedChannel<Integer> ping = new SharedChannel<>();
        SharedChannel<Integer> pong = new SharedChannel<>();
        int[] got = new int[1];
        Coroutine echo = m1.spawn(unchecked(() -> echo(ping::read, pong::write)));
        Coroutine player = m0.spawn(unchecked(() -> got[0] = play(ping::write, pong::read)));
        player.join();
        echo.join();
        return check(got[0], ROUNDS);
    }

    /** A token makes round trips between two virtual threads through two SynchronousQueues. */
    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public int pingPong_virtualThread() throws InterruptedException {
        SynchronousQueue<Integer> ping = new SynchronousQueue<>();
        SynchronousQueue<Integer> pong = new SynchronousQueue<>();
        int[] got = new int[1];
        Thread echo = Thread.ofVirtual().start(unchecked(() -> echo(ping::take, pong::put)));
        Thread player = Thread.ofVirtual().start(unchecked(() -> got[0] = play(ping::put, pong::take)));
        player.join();
        echo.join();
        return check(got[0], ROUNDS);
    }

    /**
     * The same round trips between two platform threads, the cross-thread shape of two machines (each
     * hop wakes another OS thread), where two virtual threads mostly share one carrier thread.
     */
    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public int pingPong_platformThread() throws InterruptedException {
        SynchronousQueue<Integer> ping = new SynchronousQueue<>();
        SynchronousQueue<Integer> pong = new SynchronousQueue<>();
        int[] got = new int[1];
        Thread echo = Thread.ofPlatform().start(unchecked(() -> echo(ping::take, pong::put)));
        Thread player = Thread.ofPlatform().start(unchecked(() -> got[0] = play(ping::put, pong::take)));
        player.join();
        echo.join();
        return check(got[0], ROUNDS);
    }

    interface Source {
        Integer take() throws InterruptedException;
    }

    interface Sink {
        void put(Integer m) throws InterruptedException;
    }

    interface Body {
        void run() throws InterruptedException;
    }

    private static void send(Sink out) throws InterruptedException {
        for (int i = 0; i < BATCH; i++) {
            out.put(i);
        }
    }

    /** Reads n messages; returns how many arrived in order. */
    private static int receive(Source in, int n) throws InterruptedException {
        int inOrder = 0;
        for (int i = 0; i < n; i++) {
            if (in.take() == i) {
                inOrder++;
            }
        }
        return inOrder;
    }

    private static void echo(Source in, Sink out) throws InterruptedException {
        for (int i = 0; i < ROUNDS; i++) {
            out.put(in.take() + 1);
        }
    }

    /** Sends i, expects i + 1 back; returns how many replies were right. */
    private static int play(Sink out, Source in) throws InterruptedException {
        int right = 0;
        for (int i = 0; i < ROUNDS; i++) {
            out.put(i);
            if (in.take() == i + 1) {
                right++;
            }
        }
        return right;
    }

    private static Runnable unchecked(Body body) {
        return () -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
    }

    private static int check(long got, int expected) {
        if (got != expected) {
            throw new IllegalStateException("expected " + expected + " but got " + got);
        }
        return expected;
    }
}
