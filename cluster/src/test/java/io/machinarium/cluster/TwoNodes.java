package io.machinarium.cluster;

import io.machinarium.actors.ActorSystem;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.Runtimes;
import java.time.Duration;
import java.util.function.BiFunction;

/**
 * Two nodes, "a" and "b", each its own runtime and actor system in this JVM, joined to a real nats-server
 * started for them, and seen by each other; {@link #close} closes what is still open, nodes first. The setup
 * of the tests where a process boundary is not the point.
 */
final class TwoNodes implements AutoCloseable {
    private static final Duration LONG = Duration.ofSeconds(10);

    private final NatsServer nats;
    private final Machinarium rtA;
    private final Machinarium rtB;
    private ClusterNode a;
    private ClusterNode b;

    private TwoNodes(NatsServer nats, Machinarium rtA, Machinarium rtB) {
        this.nats = nats;
        this.rtA = rtA;
        this.rtB = rtB;
    }

    /**
     * Starts the server, the runtimes and the nodes, and waits until each node sees both. Blocks.
     *
     * @param machines machines per runtime
     * @param config the configuration of a node, from its name and the server's URL
     * @return the two nodes, whose owner closes them
     * @throws Exception if the server does not start or a node cannot join (what started is closed)
     */
    static TwoNodes start(int machines, BiFunction<String, String, ClusterConfig> config) throws Exception {
        TwoNodes n = new TwoNodes(NatsServer.start(), Runtimes.start(machines), Runtimes.start(machines));
        try {
            n.a = ClusterNode.join(ActorSystem.create(n.rtA, "a"), config.apply("a", n.nats.url()));
            n.b = ClusterNode.join(ActorSystem.create(n.rtB, "b"), config.apply("b", n.nats.url()));
            Await.until(LONG, () -> n.a.members().size() == 2 && n.b.members().size() == 2,
                    () -> n.a.members() + " " + n.b.members());
        } catch (Exception | Error e) {
            n.close();
            throw e;
        }
        return n;
    }

    NatsServer nats() {
        return nats;
    }

    ClusterNode a() {
        return a;
    }

    ClusterNode b() {
        return b;
    }

    /** Node b leaves: its actor system, then the node, are closed now rather than at {@link #close}. */
    void bLeaves() {
        ClusterNode n = b;
        b = null;
        n.system().close();
        n.close();
    }

    @Override
    public void close() throws Exception {
        for (ClusterNode n : new ClusterNode[] {a, b}) {
            if (n != null) {
                n.system().close();
                n.close();
            }
        }
        rtA.close();
        rtB.close();
        nats.close();
    }
}
