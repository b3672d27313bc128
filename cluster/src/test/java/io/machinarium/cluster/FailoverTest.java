package io.machinarium.cluster;

import static io.machinarium.cluster.TestMessages.Cmd;
import static io.machinarium.cluster.TestMessages.Echo;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.actors.ActorExitedException;
import io.machinarium.actors.ActorRef;
import io.machinarium.actors.ActorSystem;
import io.machinarium.core.Machinarium;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.channel.SharedChannel;
import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.Runtimes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A cluster of three nats-servers with routes (and JetStream keeping three copies of the registry): kill the
 * server a node is connected to, and the node moves to another; asks made in the gap succeed after the
 * reconnect or fail with their timeout, never hang; traffic resumes.
 */
class FailoverTest {
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration LONG = Duration.ofSeconds(30);

    private static ClusterConfig config(String node, List<NatsServer> servers) {
        return ClusterConfig.builder("test", node).servers(servers.stream().map(NatsServer::url).toArray(String[]::new))
                .messageTypes(Cmd.class).replicas(3).connectTimeout(LONG)
                .failureDetector(Duration.ofMillis(250), Duration.ofSeconds(3)).build();
    }

    @Test
    void killingTheServerANodeUsesMovesItToAnotherAndNoAskHangs() throws Exception {
        List<NatsServer> servers = NatsServer.startCluster();
        try (Machinarium rtA = Runtimes.start(2); Machinarium rtB = Runtimes.start(2)) {
            ClusterNode a = ClusterNode.join(ActorSystem.create(rtA, "a"), config("a", servers));
            ClusterNode b = ClusterNode.join(ActorSystem.create(rtB, "b"), config("b", servers));
            try {
                b.register("svc", b.system().spawn("svc", TwoNodesTest.worker("b", new SharedChannel<>())));
                Await.until(LONG, () -> a.whereis("svc") != null, () -> "a never saw svc");
                ActorRef<Cmd> svc = a.named("svc");
                assertThat(svc.<String>ask(r -> new Echo("before", r), LONG)).isEqualTo("before");

                AtomicBoolean stop = new AtomicBoolean();
                AtomicInteger ok = new AtomicInteger();
                AtomicInteger failed = new AtomicInteger();
                List<Long> overdue = new ArrayList<>();
                Thread asker = new Thread(() -> {
                    while (!stop.get()) {
                        long t0 = System.nanoTime();
                        try {
                            svc.<String>ask(r -> new Echo("during", r), ASK_TIMEOUT);
                            ok.incrementAndGet();
                        } catch (TimedOutException | ActorExitedException e) {
                            failed.incrementAndGet();
                        }
                        long took = System.nanoTime() - t0;
                        if (took > ASK_TIMEOUT.plusSeconds(1).toNanos()) {
                            synchronized (overdue) {
                                overdue.add(took / 1_000_000);
                            }
                        }
                    }
                }, "asker");
                asker.start();
                Await.until(LONG, () -> ok.get() > 10, () -> "no ask succeeded before the kill");

                String used = a.connectedServer();
                NatsServer victim = servers.stream().filter(s -> s.url().equals(used.replace("localhost", "127.0.0.1")))
                        .findFirst().orElseThrow(() -> new AssertionError("a is on no known server: " + used));
                int okAtKill = ok.get();
                long killed = System.nanoTime();
                victim.kill();
                Await.until(LONG, () -> a.connectedServer() != null && !a.connectedServer().equals(used),
                        () -> "a did not move off " + used);
                long moved = System.nanoTime();
                Await.until(LONG, () -> ok.get() > okAtKill + 10, () -> "asks did not resume: " + ok + " ok, "
                        + failed + " failed");
                stop.set(true);
                asker.join(ASK_TIMEOUT.plusSeconds(5).toMillis());
                assertThat(asker.isAlive()).as("the asker is stuck").isFalse();
                assertThat(overdue).as("asks that outlived their timeout (ms)").isEmpty();
                assertThat(a.stats().reconnects()).isGreaterThanOrEqualTo(1);
                System.out.printf("failover: node a moved from %s to %s in %d ms; asks ok %d, failed %d%n", used,
                        a.connectedServer(), (moved - killed) / 1_000_000, ok.get(), failed.get());
            } finally {
                a.system().close();
                b.system().close();
                a.close();
                b.close();
            }
        } finally {
            for (NatsServer s : servers) {
                s.close();
            }
        }
    }
}
