package io.machinarium.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The anchor for the actor workloads of {@link ActorWorkloads}: the same skynet, ring and ping-pong (and
 * idle actors) as Apache Pekko typed actors, in this JVM with its flags and Pekko's default dispatcher.
 * Each workload starts a fresh actor system, times the workload alone (not the system's start or
 * termination) and returns milliseconds; every method blocks until the system has terminated.
 */
final class PekkoWorkloads {
    static {
        // Pekko's "Slf4jLogger started" line is at INFO, before its own log level applies.
        if (System.getProperty("org.slf4j.simpleLogger.log.org.apache.pekko") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.pekko", "warn");
        }
    }

    private static final Config CONFIG = ConfigFactory.parseString(
            "pekko.loglevel = WARNING\npekko.stdout-loglevel = WARNING\npekko.log-dead-letters = off\n"
            + "bench-pinned { type = PinnedDispatcher, executor = thread-pool-executor }")
            .withFallback(ConfigFactory.load());
    private static final Object START = "start";

    private PekkoWorkloads() {
    }

    /**
     * Starts a system whose guardian is built by {@code guardian}, sends it {@link #START}, waits for
     * {@code done} (a nanoTime stamp) and terminates the system.
     */
    private static double timed(Function<CompletableFuture<Long>, Behavior<Object>> guardian) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        ActorSystem<Object> system = ActorSystem.create(guardian.apply(done), "bench", CONFIG);
        try {
            long t0 = System.nanoTime();
            system.tell(START);
            return (done.get(5, TimeUnit.MINUTES) - t0) / 1e6;
        } catch (Exception e) {
            throw new IllegalStateException("Pekko workload failed", e);
        } finally {
            terminate(system);
        }
    }

    private static void terminate(ActorSystem<?> system) {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException("Pekko did not terminate", e);
        }
    }

    // ---- skynet ----

    static double skynet(int leaves) {
        long[] sum = new long[1];
        double ms = timed(done -> Behaviors.setup(ctx -> Behaviors.receive(Object.class)
                .onMessageEquals(START, () -> {
                    ctx.spawnAnonymous(skynetNode(ctx.getSelf().<Long>narrow(), 0, leaves));
                    return Behaviors.same();
                })
                .onMessage(Long.class, s -> {
                    sum[0] = s;
                    done.complete(System.nanoTime());
                    return Behaviors.same();
                })
                .build()));
        long expected = (long) (leaves - 1) * leaves / 2;
        if (sum[0] != expected) {
            throw new IllegalStateException("skynet sum " + sum[0] + ", expected " + expected);
        }
        return ms;
    }

    private static Behavior<Long> skynetNode(ActorRef<Long> parent, long num, int size) {
        return Behaviors.setup(ctx -> {
            if (size == 1) {
                parent.tell(num);
                return Behaviors.stopped();
            }
            int child = size / 10;
            for (int i = 0; i < 10; i++) {
                ctx.spawnAnonymous(skynetNode(ctx.getSelf(), num + (long) i * child, child));
            }
            long[] acc = new long[2];  // sum, replies
            return Behaviors.receiveMessage(v -> {
                acc[0] += v;
                if (++acc[1] == 10) {
                    parent.tell(acc[0]);
                    return Behaviors.stopped();
                }
                return Behaviors.same();
            });
        });
    }

    // ---- ring ----

    private sealed interface RingMessage permits Next, Token {
    }

    private record Next(ActorRef<RingMessage> next) implements RingMessage {
    }

    private record Token(int n) implements RingMessage {
    }

    @SuppressWarnings("unchecked")
    static double ring(int size, int rounds) {
        int hops = size * rounds;
        return timed(done -> Behaviors.setup(ctx -> {
            ActorRef<RingMessage>[] nodes = new ActorRef[size];
            for (int i = 0; i < size; i++) {
                nodes[i] = ctx.spawnAnonymous(ringNode(hops, done));
            }
            for (int i = 0; i < size; i++) {
                nodes[i].tell(new Next(nodes[(i + 1) % size]));
            }
            return Behaviors.receiveMessage(start -> {
                nodes[0].tell(new Token(0));
                return Behaviors.same();
            });
        }));
    }

    @SuppressWarnings("unchecked")
    private static Behavior<RingMessage> ringNode(int hops, CompletableFuture<Long> done) {
        return Behaviors.setup(ctx -> {
            ActorRef<RingMessage>[] next = new ActorRef[1];
            return Behaviors.receiveMessage(m -> {
                if (m instanceof Next n) {
                    next[0] = n.next();
                } else {
                    int token = ((Token) m).n();
                    if (token == hops) {
                        done.complete(System.nanoTime());
                    } else {
                        next[0].tell(new Token(token + 1));
                    }
                }
                return Behaviors.same();
            });
        });
    }

    // ---- ping-pong ----

    private record Ball(int n, ActorRef<Ball> from) {
    }

    /** Ping-pong on the default dispatcher. */
    static double pingPong(int roundTrips) {
        return pingPong(roundTrips, DispatcherSelector.defaultDispatcher());
    }

    /**
     * Ping-pong with each actor on a thread of its own ({@code PinnedDispatcher}): every message crosses
     * threads, as between two machines.
     */
    static double pingPongPinned(int roundTrips) {
        return pingPong(roundTrips, DispatcherSelector.fromConfig("bench-pinned"));
    }

    private static double pingPong(int roundTrips, DispatcherSelector where) {
        return timed(done -> Behaviors.setup(ctx -> {
            ActorRef<Ball> ponger = ctx.spawn(Behaviors.<Ball>setup(self -> Behaviors.receiveMessage(b -> {
                b.from().tell(new Ball(b.n(), self.getSelf()));
                return Behaviors.same();
            })), "pong", where);
            ActorRef<Ball> pinger = ctx.spawn(Behaviors.<Ball>setup(self -> Behaviors.receiveMessage(b -> {
                if (b.n() == roundTrips) {
                    done.complete(System.nanoTime());
                } else {
                    ponger.tell(new Ball(b.n() + 1, self.getSelf()));
                }
                return Behaviors.same();
            })), "ping", where);
            return Behaviors.receiveMessage(start -> {
                pinger.tell(new Ball(0, null));
                return Behaviors.same();
            });
        }));
    }

    // ---- idle memory ----

    private record SpawnIdle(int count, CompletableFuture<Void> spawned) {
    }

    /** Heap bytes per actor waiting for a message (spawned by the guardian, never sent anything). */
    static double bytesPerIdleActor(int n) {
        Behavior<Object> idle = Behaviors.receiveMessage(m -> Behaviors.same());
        ActorSystem<SpawnIdle> system = ActorSystem.create(Behaviors.setup(ctx -> Behaviors.receiveMessage(m -> {
            for (int i = 0; i < m.count(); i++) {
                ctx.spawnAnonymous(idle);
            }
            m.spawned().complete(null);
            return Behaviors.same();
        })), "bench-idle", CONFIG);
        try {
            spawnIdle(system, 1_000);  // warm-up: classes loaded, dispatcher threads started
            long before = IdleMemory.usedHeapAfterGc();
            spawnIdle(system, n);
            long after = IdleMemory.usedHeapAfterGc();
            return (double) (after - before) / n;
        } finally {
            terminate(system);
        }
    }

    private static void spawnIdle(ActorSystem<SpawnIdle> system, int n) {
        CompletableFuture<Void> spawned = new CompletableFuture<>();
        system.tell(new SpawnIdle(n, spawned));
        try {
            spawned.get(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException("Pekko did not spawn " + n + " actors", e);
        }
    }
}
