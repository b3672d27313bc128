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

/**
 * JVM B of ours in the {@code remote} scenario: one machine, node {@code b} of cluster {@code bench}, with
 * two registered actors — {@code echo} sends every {@link Ping}'s payload back to its asker, {@code sink}
 * counts the payloads of a run and acknowledges them as {@link Workload} says. Serves until standard input
 * closes ({@link Commands}), then leaves the cluster.
 */
public final class ClusterEcho {
    private ClusterEcho() {
    }

    /**
     * Runs node B.
     *
     * @param args the nats-server's URL
     * @throws IOException if standard input fails
     */
    public static void main(String[] args) throws IOException {
        try (Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(1).build())) {
            ActorSystem system = ActorSystem.create(rt, "b");
            try (ClusterNode node = ClusterNode.join(system, ClusterMessages.config("b", args[0]))) {
                node.register(ClusterMessages.ECHO, system.spawn(ClusterMessages.ECHO, (ActorContext<Ping> ctx) -> {
                    for (;;) {
                        Ping p = ctx.receive();
                        p.replyTo().tell(new Blob(p.bytes()));
                    }
                }));
                node.register(ClusterMessages.SINK, system.spawn(ClusterMessages.SINK, ClusterEcho::sink));
                Commands.serveUntilStdinCloses();
                system.close();
            }
        }
    }

    private static void sink(ActorContext<Object> ctx) {
        ActorRef<Long> acks = null;
        long total = 0;
        long count = 0;
        for (;;) {
            Object m = ctx.receive();
            switch (m) {
                case Start s -> {
                    acks = s.acks();
                    total = s.total();
                    count = 0;
                }
                case Blob b -> {
                    Workload.check(b.bytes());
                    if (Workload.ackDue(++count, total)) {
                        acks.tell(count);
                    }
                }
                default -> throw new IllegalStateException("the sink got a " + m.getClass().getName());
            }
        }
    }
}
