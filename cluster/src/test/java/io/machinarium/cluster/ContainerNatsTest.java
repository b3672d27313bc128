package io.machinarium.cluster;

import static io.machinarium.cluster.TestMessages.Cmd;
import static io.machinarium.cluster.TestMessages.Echo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.machinarium.actors.ActorSystem;
import io.machinarium.core.Machinarium;
import io.machinarium.core.channel.SharedChannel;
import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.FdBalance;
import io.machinarium.core.testing.Runtimes;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Two nodes against a NATS server with JetStream in a container (Testcontainers; the image is built here from
 * the Debian binary, never pulled). Skipped, saying so, where no Docker engine runs.
 */
@FdBalance.Unbalanced("the Docker client keeps its connections to the engine open for the JVM's lifetime")
class ContainerNatsTest {
    private static boolean engine;

    @BeforeAll
    static void findDocker() throws Exception {
        try {
            engine = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            engine = false;
        }
        if (engine && NatsServer.installed()) {
            NatsImage.ensure();
        }
    }

    @Test
    void twoNodesWorkThroughAContainerisedNatsServer() {
        assumeTrue(engine, "no Docker engine is reachable here, so the containerised NATS test is skipped"
                + " (.ci/run installs docker.io and starts it)");
        NatsServer.assumeInstalled();
        try (GenericContainer<?> nats = new GenericContainer<>(DockerImageName.parse(NatsImage.NAME))
                .withImagePullPolicy(name -> false).withCommand("-js", "-sd", "/data", "-p", "4222")
                .withExposedPorts(4222)
                .waitingFor(Wait.forLogMessage("(?s).*Server is ready.*", 1).withStartupTimeout(Duration.ofSeconds(60)));
             Machinarium rtA = Runtimes.start(1); Machinarium rtB = Runtimes.start(1)) {
            nats.start();
            String url = "nats://127.0.0.1:" + nats.getMappedPort(4222);
            ClusterNode a = ClusterNode.join(ActorSystem.create(rtA, "a"), TwoNodesTest.config("a", url));
            ClusterNode b = ClusterNode.join(ActorSystem.create(rtB, "b"), TwoNodesTest.config("b", url));
            try {
                b.register("svc", b.system().spawn("svc", TwoNodesTest.worker("b", new SharedChannel<>())));
                Await.until(Duration.ofSeconds(10), () -> a.whereis("svc") != null, () -> "a never saw svc");
                assertThat(a.<Cmd>named("svc").<String>ask(r -> new Echo("in a container", r), Duration.ofSeconds(10)))
                        .isEqualTo("in a container");
                assertThat(a.members()).extracting(Member::node).containsExactly("a", "b");
            } finally {
                a.system().close();
                b.system().close();
                a.close();
                b.close();
            }
        }
    }
}
