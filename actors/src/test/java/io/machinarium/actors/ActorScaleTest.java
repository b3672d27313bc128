package io.machinarium.actors;

import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.core.Machine;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The three classic actor workloads at the sizes the issue names. They assert completion and the
 * computed result; the timings they print are informative (the benchmarks in {@code bench} compare
 * them with virtual threads).
 */
class ActorScaleTest {
    /** How long a ping-pong pair may go without one round trip coming back before it counts as stuck. */
    private static final Duration STEP = Duration.ofSeconds(20);
    private static final Duration LONG = Duration.ofMinutes(4);  // generous: a loaded 2-core CI host slows the spinning pair a lot

    private static Machinarium runtime(int machines, Duration idleSpin) {
        return Machinarium.start(MachinariumConfig.builder().machines(machines).idleSpin(idleSpin)
                .shutdownTimeout(Duration.ofSeconds(10)).build());
    }

    /** Skynet: each actor spawns 10 children down to {@code leaves} leaves, which send their numbers up. */
    @SuppressWarnings("unchecked")
    static long skynet(ActorSystem system, int leaves) {
        ActorRef<Object> root = system.spawn((ActorContext<Object> ctx) -> {
            ActorRef<Object> replyTo = (ActorRef<Object>) ctx.receive();
            node(ctx, replyTo, 0, leaves);
        });
        return root.<Long>ask(replyTo -> replyTo, LONG);
    }

    private static void node(ActorContext<Object> ctx, ActorRef<Object> parent, long num, int size) {
        if (size == 1) {
            parent.tell(num);
            return;
        }
        int child = size / 10;
        for (int i = 0; i < 10; i++) {
            long n = num + (long) i * child;
            ctx.system().spawn((ActorContext<Object> c) -> node(c, ctx.self(), n, child));
        }
        long sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += (Long) ctx.receive();
        }
        parent.tell(sum);
    }

    @Test
    void theSkynetTreeOfAMillionActorsCompletes() {
        try (Machinarium rt = runtime(2, Duration.ZERO); ActorSystem system = ActorSystem.create(rt)) {
            long t0 = System.nanoTime();
            long sum = skynet(system, 1_000_000);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(sum).isEqualTo(999_999L * 1_000_000L / 2);
            System.out.printf("skynet 1,000,000 actors on 2 machines: %d ms%n", ms);
            assertThat(system.liveActors()).isLessThanOrEqualTo(1);
        }
    }

    /** A ring of actors passing a token {@code rounds} times round; each forward adds one to it. */
    @SuppressWarnings("unchecked")
    static void ring(ActorSystem system, Machine[] placement, int size, int rounds) {
        int hops = size * rounds;
        ActorRef<Object> done = system.spawn((ActorContext<Object> ctx) -> assertThat(ctx.receive()).isEqualTo(hops));
        ActorRef<Object>[] nodes = new ActorRef[size];
        for (int i = 0; i < size; i++) {
            nodes[i] = system.spawn(SpawnOptions.defaults().on(placement[i % placement.length]),
                    (ActorContext<Object> ctx) -> {
                        ActorRef<Object> next = (ActorRef<Object>) ctx.receive();  // first message: the successor
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
        nodes[0].tell(0);
        assertThat(done.awaitExit(LONG)).isEqualTo(ExitReason.NORMAL);
        for (ActorRef<Object> n : nodes) {
            n.stop();
        }
    }

    @Test
    void aRingOfTenThousandActorsPassesATokenAHundredTimesRound() {
        try (Machinarium rt = runtime(1, Duration.ZERO); ActorSystem system = ActorSystem.create(rt)) {
            long t0 = System.nanoTime();
            ring(system, new Machine[] {rt.machine(0)}, 10_000, 100);
            System.out.printf("ring 10,000 x 100 on one machine: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** Two actors exchanging a counter {@code roundTrips} times. */
    static void pingPong(ActorSystem system, Machine a, Machine b, int roundTrips) {
        record Ball(int n, ActorRef<Ball> from) {
        }
        java.util.concurrent.atomic.AtomicInteger returned = new java.util.concurrent.atomic.AtomicInteger();
        ActorRef<Ball> ponger = system.spawn(SpawnOptions.named("pong").on(b), (ActorContext<Ball> ctx) -> {
            for (;;) {
                Ball ball = ctx.receive();
                ball.from().tell(new Ball(ball.n(), ctx.self()));
                if (ball.n() == roundTrips) {
                    return;
                }
            }
        });
        ActorRef<Ball> pinger = system.spawn(SpawnOptions.named("ping").on(a), (ActorContext<Ball> ctx) -> {
            for (int i = 1; i <= roundTrips; i++) {
                ponger.tell(new Ball(i, ctx.self()));
                Ball back = ctx.receive();
                if (back.n() != i) {
                    throw new IllegalStateException("expected " + i + ", got " + back.n());
                }
                returned.lazySet(i);
            }
        });
        // Bounded by progress, not by the whole run's time: a loaded host may make a million round trips take
        // many minutes, but a pair that works completes round trips all the time; one that stops is stuck.
        for (;;) {
            int before = returned.get();
            try {
                assertThat(pinger.awaitExit(STEP)).isEqualTo(ExitReason.NORMAL);
                break;
            } catch (io.machinarium.core.TimedOutException e) {
                if (returned.get() == before) {
                    throw new AssertionError("no round trip came back for " + STEP + ", stuck after " + before, e);
                }
            }
        }
        assertThat(ponger.awaitExit(LONG)).isEqualTo(ExitReason.NORMAL);
    }

    @Test
    void aMillionPingPongRoundTripsOnOneMachine() {
        try (Machinarium rt = runtime(1, Duration.ZERO); ActorSystem system = ActorSystem.create(rt)) {
            long t0 = System.nanoTime();
            pingPong(system, rt.machine(0), rt.machine(0), 1_000_000);
            System.out.printf("ping-pong 1,000,000 round trips on one machine: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        }
    }

    @Test
    void aMillionPingPongRoundTripsAcrossTwoMachines() {
        // A round trip across machines is bound by waking the other machine's thread; a short idle spin
        // (MachinariumConfig.idleSpin) keeps both awake for the exchange, which is what such a pair wants.
        try (Machinarium rt = runtime(2, Duration.ofNanos(50_000)); ActorSystem system = ActorSystem.create(rt)) {
            long t0 = System.nanoTime();
            pingPong(system, rt.machine(0), rt.machine(1), 1_000_000);
            System.out.printf("ping-pong 1,000,000 round trips across two machines: %d ms%n",
                    (System.nanoTime() - t0) / 1_000_000);
        }
    }
}
