package io.machinarium.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.actors.ActorContext;
import io.machinarium.actors.ActorRef;
import io.machinarium.actors.ActorSystem;
import io.machinarium.cluster.ClusterConfig;
import io.machinarium.cluster.ClusterNode;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.Runtimes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The cluster binder reports traffic, dead letters by reason and the nodes up of a real two-node cluster. */
class ClusterMetricsTest {
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void clusterMetersFollowTrafficDeadLettersAndMembers() throws Exception {
        Path binary = Path.of("/usr/sbin/nats-server");
        Assumptions.assumeTrue(Files.isExecutable(binary), "nats-server is not installed (Debian package nats-server;"
                + " .ci/run installs it): skipping the cluster metrics test");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path store = Files.createTempDirectory("nats-metrics");
        Process nats = new ProcessBuilder(binary.toString(), "-a", "127.0.0.1", "-p", String.valueOf(port), "-js",
                "-sd", store.toString()).redirectErrorStream(true).redirectOutput(store.resolve("log").toFile()).start();
        try (Machinarium rtA = Runtimes.start(1); Machinarium rtB = Runtimes.start(1)) {
            Await.until(T, () -> {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    return true;
                } catch (java.io.IOException e) {
                    return false;
                }
            }, () -> "nats-server did not listen");
            String url = "nats://127.0.0.1:" + port;
            ClusterNode a = ClusterNode.join(ActorSystem.create(rtA, "a"), ClusterConfig.builder("m", "a").servers(url).build());
            ClusterNode b = ClusterNode.join(ActorSystem.create(rtB, "b"), ClusterConfig.builder("m", "b").servers(url).build());
            try {
                SimpleMeterRegistry registry = new SimpleMeterRegistry();
                new ClusterMetrics(a).bindTo(registry);
                ActorRef<String> sink = b.system().spawn("sink", (ActorContext<String> ctx) -> {
                    for (;;) {
                        ctx.receive();
                    }
                });
                b.register("sink", sink);
                Await.until(T, () -> registry.get("machinarium.cluster.nodes.up").gauge().value() == 1, () -> "no peer");
                ActorRef<String> far = a.named("sink");
                for (int i = 0; i < 10; i++) {
                    far.tell("m" + i);
                }
                a.<String>named("nobody").tell("lost");
                Await.until(T, () -> registry.get("machinarium.cluster.messages").tag("direction", "sent")
                        .functionCounter().count() >= 11, () -> "nothing sent");
                Await.until(T, () -> registry.get("machinarium.cluster.dead.letters").tag("reason", "no_responders")
                        .functionCounter().count() == 1, () -> "" + a.stats());
                assertThat(registry.get("machinarium.cluster.bytes").tag("direction", "sent").functionCounter().count())
                        .isGreaterThan(0);
                assertThat(registry.get("machinarium.cluster.reconnects").functionCounter().count()).isZero();
            } finally {
                a.system().close();
                b.system().close();
                a.close();
                b.close();
            }
        } finally {
            nats.destroy();
            nats.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
