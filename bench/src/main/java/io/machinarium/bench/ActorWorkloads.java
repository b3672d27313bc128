package io.machinarium.bench;

import io.machinarium.actors.ActorContext;
import io.machinarium.actors.ActorRef;
import io.machinarium.actors.ActorSystem;
import io.machinarium.actors.SpawnOptions;
import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.core.Machine;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The classic actor workloads — skynet, a token ring, ping-pong — as Machinarium actors and as the
 * plain-JDK baseline (one virtual thread per actor, a {@link LinkedBlockingQueue} as its mailbox).
 * Each method runs the workload once and returns its wall time in milliseconds.
 */
final class ActorWorkloads {
    private static final Duration LONG = Duration.ofMinutes(5);

    private ActorWorkloads() {
    }

    /** Spin setting of {@link #runtime}: the defaults (adaptive spinning). */
    static final long SPIN_DEFAULT = 0;
    /** Spin setting of {@link #runtime}: no spinning at all, every message to an idle machine wakes it. */
    static final long SPIN_NEVER = -1;

    /**
     * A runtime of {@code machines} machines; {@code spinMicros} above zero spins that long before every
     * sleep ({@code idleSpin}), {@link #SPIN_DEFAULT} keeps the adaptive default, {@link #SPIN_NEVER} turns
     * spinning off.
     */
    static Machinarium runtime(int machines, long spinMicros) {
        MachinariumConfig.Builder b = MachinariumConfig.builder().machines(machines).shutdownTimeout(Duration.ofSeconds(10));
        if (spinMicros > 0) {
            b.idleSpin(Duration.ofNanos(spinMicros * 1000));
        } else if (spinMicros == SPIN_NEVER) {
            b.adaptiveSpin(Duration.ZERO);
        }
        return Machinarium.start(b.build());
    }

    // ---- skynet ----

    @SuppressWarnings("unchecked")
    static double skynetActors(int machines, int leaves) {
        try (Machinarium rt = runtime(machines, 0); ActorSystem system = ActorSystem.create(rt)) {
            long t0 = System.nanoTime();
            ActorRef<Object> root = system.spawn((ActorContext<Object> ctx) -> {
                ActorRef<Object> replyTo = (ActorRef<Object>) ctx.receive();
                skynetNode(ctx, replyTo, 0, leaves);
            });
            long sum = root.<Long>ask(replyTo -> replyTo, LONG);
            check(sum, leaves);
            return (System.nanoTime() - t0) / 1e6;
        }
    }

    private static void skynetNode(ActorContext<Object> ctx, ActorRef<Object> parent, long num, int size) {
        if (size == 1) {
            parent.tell(num);
            return;
        }
        int child = size / 10;
        for (int i = 0; i < 10; i++) {
            long n = num + (long) i * child;
            ctx.system().spawn((ActorContext<Object> c) -> skynetNode(c, ctx.self(), n, child));
        }
        long sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += (Long) ctx.receive();
        }
        parent.tell(sum);
    }

    static double skynetVirtualThreads(int leaves) throws InterruptedException {
        long t0 = System.nanoTime();
        LinkedBlockingQueue<Long> result = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> skynetThread(result, 0, leaves));
        Long sum = result.poll(5, TimeUnit.MINUTES);
        check(sum == null ? -1 : sum, leaves);
        return (System.nanoTime() - t0) / 1e6;
    }

    private static void skynetThread(BlockingQueue<Long> parent, long num, int size) {
        if (size == 1) {
            parent.add(num);
            return;
        }
        LinkedBlockingQueue<Long> mailbox = new LinkedBlockingQueue<>();
        int child = size / 10;
        for (int i = 0; i < 10; i++) {
            long n = num + (long) i * child;
            Thread.ofVirtual().start(() -> skynetThread(mailbox, n, child));
        }
        long sum = 0;
        try {
            for (int i = 0; i < 10; i++) {
                sum += mailbox.take();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        parent.add(sum);
    }

    private static void check(long sum, int leaves) {
        long expected = (long) (leaves - 1) * leaves / 2;
        if (sum != expected) {
            throw new IllegalStateException("skynet sum " + sum + ", expected " + expected);
        }
    }

    // ---- ring ----

    @SuppressWarnings("unchecked")
    static double ringActors(int machines, int size, int rounds) {
        try (Machinarium rt = runtime(machines, 0); ActorSystem system = ActorSystem.create(rt)) {
            int hops = size * rounds;
            ActorRef<Object> done = system.spawn(SpawnOptions.defaults().on(rt.machine(0)),
                    (ActorContext<Object> ctx) -> ctx.receive());
            ActorRef<Object>[] nodes = new ActorRef[size];
            for (int i = 0; i < size; i++) {
                Machine m = rt.machine(i * machines / size);  // contiguous segments: few hops cross machines
                nodes[i] = system.spawn(SpawnOptions.defaults().on(m), (ActorContext<Object> ctx) -> {
                    ActorRef<Object> next = (ActorRef<Object>) ctx.receive();
                    for (;;) {
                        int token = (Integer) ctx.receive();
                        if (token == hops) {
                            done.tell(token);
                            return;
                        }
                        next.tell(token + 1);
                    }
                });
            }
            for (int i = 0; i < size; i++) {
                nodes[i].tell(nodes[(i + 1) % size]);
            }
            long t0 = System.nanoTime();
            nodes[0].tell(0);
            done.awaitExit(LONG);
            double ms = (System.nanoTime() - t0) / 1e6;
            for (ActorRef<Object> n : nodes) {
                n.stop();
            }
            return ms;
        }
    }

    static double ringVirtualThreads(int size, int rounds) throws InterruptedException {
        int hops = size * rounds;
        @SuppressWarnings("unchecked")
        LinkedBlockingQueue<Integer>[] boxes = new LinkedBlockingQueue[size];
        for (int i = 0; i < size; i++) {
            boxes[i] = new LinkedBlockingQueue<>();
        }
        LinkedBlockingQueue<Integer> done = new LinkedBlockingQueue<>();
        Thread[] threads = new Thread[size];
        for (int i = 0; i < size; i++) {
            LinkedBlockingQueue<Integer> in = boxes[i];
            LinkedBlockingQueue<Integer> next = boxes[(i + 1) % size];
            threads[i] = Thread.ofVirtual().start(() -> {
                try {
                    for (;;) {
                        int token = in.take();
                        if (token == hops) {
                            done.add(token);
                            return;
                        }
                        next.add(token + 1);
                    }
                } catch (InterruptedException e) {
                    // stopped
                }
            });
        }
        long t0 = System.nanoTime();
        boxes[0].add(0);
        done.take();
        double ms = (System.nanoTime() - t0) / 1e6;
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            t.join();
        }
        return ms;
    }

    // ---- ping-pong ----

    record Ball(int n, ActorRef<Ball> from) {
    }

    static double pingPongActors(int machines, long spinMicros, int roundTrips) {
        try (Machinarium rt = runtime(machines, spinMicros); ActorSystem system = ActorSystem.create(rt)) {
            AtomicLong start = new AtomicLong();
            ActorRef<Ball> ponger = system.spawn(SpawnOptions.named("pong").on(rt.machine(machines - 1)),
                    (ActorContext<Ball> ctx) -> {
                        for (;;) {
                            Ball ball = ctx.receive();
                            ball.from().tell(new Ball(ball.n(), ctx.self()));
                            if (ball.n() == roundTrips) {
                                return;
                            }
                        }
                    });
            ActorRef<Ball> pinger = system.spawn(SpawnOptions.named("ping").on(rt.machine(0)), (ActorContext<Ball> ctx) -> {
                start.set(System.nanoTime());
                for (int i = 1; i <= roundTrips; i++) {
                    ponger.tell(new Ball(i, ctx.self()));
                    if (ctx.receive().n() != i) {
                        throw new IllegalStateException("out of order");
                    }
                }
            });
            pinger.awaitExit(LONG);
            return (System.nanoTime() - start.get()) / 1e6;
        }
    }

    static double pingPongVirtualThreads(int roundTrips) throws InterruptedException {
        LinkedBlockingQueue<Integer> toPong = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<Integer> toPing = new LinkedBlockingQueue<>();
        Thread pong = Thread.ofVirtual().start(() -> {
            try {
                for (;;) {
                    int n = toPong.take();
                    toPing.add(n);
                    if (n == roundTrips) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                // stopped
            }
        });
        long t0 = System.nanoTime();
        for (int i = 1; i <= roundTrips; i++) {
            toPong.add(i);
            if (toPing.take() != i) {
                throw new IllegalStateException("out of order");
            }
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        pong.join();
        return ms;
    }

    // ---- idle memory ----

    /** Heap bytes per actor blocked in receive. */
    static double bytesPerIdleActor(int n) {
        try (Machinarium rt = runtime(1, 0); ActorSystem system = ActorSystem.create(rt)) {
            long before = IdleMemory.usedHeapAfterGc();
            ActorRef<?>[] refs = new ActorRef<?>[n];
            for (int i = 0; i < n; i++) {
                refs[i] = system.spawn((ActorContext<Object> ctx) -> ctx.receive());
            }
            Machine m = rt.machine(0);
            while (m.stats().waiting() < n) {
                Thread.onSpinWait();
            }
            long after = IdleMemory.usedHeapAfterGc();
            for (ActorRef<?> r : refs) {
                r.stop();
            }
            return (double) (after - before) / n;
        }
    }

    /** Heap bytes per virtual thread blocked in {@code take()} on its own queue. */
    static double bytesPerIdleVirtualThreadActor(int n) throws InterruptedException {
        long before = IdleMemory.usedHeapAfterGc();
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            LinkedBlockingQueue<Object> box = new LinkedBlockingQueue<>();
            threads[i] = Thread.ofVirtual().start(() -> {
                try {
                    box.take();
                } catch (InterruptedException e) {
                    // stopped
                }
            });
        }
        for (Thread t : threads) {
            while (t.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
        }
        long after = IdleMemory.usedHeapAfterGc();
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            t.join();
        }
        return (double) (after - before) / n;
    }
}
