package io.machinarium.bench.remote;

import io.machinarium.actors.ActorContext;
import io.machinarium.actors.ActorRef;
import io.machinarium.actors.ActorSystem;
import io.machinarium.bench.remote.ClusterMessages.Ping;
import io.machinarium.bench.remote.ClusterMessages.Start;
import io.machinarium.cluster.ClusterNode;
import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * JVM A of ours in the {@code remote} scenario: one machine, node {@code a} of cluster {@code bench}. It
 * finds B's actors with {@link ClusterNode#whereis} (a reference by address: frames on node B's subject)
 * and runs each command of {@link Commands} in an actor of its own — round trips as {@code ask}s one after
 * the other, payloads as {@code tell}s under the window of {@link Workload}.
 */
public final class ClusterDriver implements Commands.Driver {
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
    private static final long RUN_TIMEOUT_MINUTES = 10;

    private final ActorSystem system;
    private final ActorRef<Ping> echo;
    private final ActorRef<Object> sink;
    private final byte[] payload = Workload.payload();

    private ClusterDriver(ActorSystem system, ActorRef<Ping> echo, ActorRef<Object> sink) {
        this.system = system;
        this.echo = echo;
        this.sink = sink;
    }

    /**
     * Runs node A.
     *
     * @param args the nats-server's URL
     * @throws IOException if standard input fails
     */
    public static void main(String[] args) throws IOException {
        try (Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(1).build())) {
            ActorSystem system = ActorSystem.create(rt, "a");
            try (ClusterNode node = ClusterNode.join(system, ClusterMessages.config("a", args[0]))) {
                Commands.drive(new ClusterDriver(system, await(node, ClusterMessages.ECHO),
                        await(node, ClusterMessages.SINK)));
                system.close();
            }
        }
    }

    /** B registered its actors before it said it was ready; this node's copy of the registry follows. */
    private static <M> ActorRef<M> await(ClusterNode node, String name) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (ActorRef<M> ref; System.nanoTime() < deadline; LockSupport.parkNanos(10_000_000)) {
            if ((ref = node.whereis(name)) != null) {
                return ref;
            }
        }
        throw new IllegalStateException("node b's actor '" + name + "' is not in the registry after 30 s");
    }

    @Override
    public double roundTrips(int n) throws Exception {
        return inActor((ActorContext<Object> ctx) -> {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Blob back = echo.ask(replyTo -> new Ping(payload, replyTo), ASK_TIMEOUT);
                Workload.check(back.bytes());
            }
            return (double) (System.nanoTime() - t0) / n;
        });
    }

    @Override
    public double tells(int m) throws Exception {
        return inActor((ActorContext<Long> ctx) -> {
            Blob blob = new Blob(payload);
            long t0 = System.nanoTime();
            sink.tell(new Start(ctx.self(), m));
            long acked = 0;
            for (long sent = 0; sent < m; sent++) {
                while (sent - acked >= Workload.WINDOW) {
                    acked = ctx.receive(ACK_TIMEOUT);
                }
                sink.tell(blob);
            }
            while (acked < m) {
                acked = ctx.receive(ACK_TIMEOUT);
            }
            return m / ((System.nanoTime() - t0) / 1e9);
        });
    }

    /** A measurement that runs as an actor's body. */
    private interface Body<M> {
        double run(ActorContext<M> ctx) throws Exception;
    }

    /** Runs {@code body} in a new actor of A and waits for its figure. */
    private <M> double inActor(Body<M> body) throws Exception {
        CompletableFuture<Double> figure = new CompletableFuture<>();
        system.spawn((ActorContext<M> ctx) -> {
            try {
                figure.complete(body.run(ctx));
            } catch (Throwable e) {
                figure.completeExceptionally(e);
            }
        });
        return figure.get(RUN_TIMEOUT_MINUTES, TimeUnit.MINUTES);
    }
}
