package io.machinarium.cluster;

import static io.machinarium.cluster.TestMessages.Cmd;
import static io.machinarium.cluster.TestMessages.Say;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.actors.ActorRef;
import io.machinarium.core.channel.SharedChannel;
import io.machinarium.core.testing.Await;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One-way frames to a node this one knows as up carry no reply subject; what reaches the node is confirmed
 * by its reports ({@link Confirmations}), and what was sent to a node that is then lost is counted. Here the
 * loss is a clean leave, whose last report confirms everything the node received; the loss by
 * {@code kill -9} is in {@link MultiProcessClusterTest}.
 */
class DeliveryAccountingTest {
    private static final Duration LONG = Duration.ofSeconds(20);

    private TwoNodes nodes;

    @BeforeEach
    void start() throws Exception {
        // b reports only every 5 s, so what it confirms before it leaves comes from its last report, at the leave
        nodes = TwoNodes.start(1, (name, url) -> ClusterConfig.builder("test", name).servers(url).messageTypes(Cmd.class)
                .failureDetector(Duration.ofMillis(name.equals("b") ? 5000 : 200), Duration.ofSeconds(30)).build());
    }

    @AfterEach
    void stop() throws Exception {
        nodes.close();
    }

    @Test
    void aNodeThatLeavesConfirmsWhatItReceivedAndWhatIsToldItAfterwardsIsCounted() throws Exception {
        ClusterNode a = nodes.a();
        SharedChannel<String> log = new SharedChannel<>();
        nodes.b().register("w", nodes.b().system().spawn("w", TwoNodesTest.worker("b", log)));
        Await.until(LONG, () -> a.whereis("w") != null, () -> "a never saw the name");
        ActorRef<Cmd> w = a.whereis("w");
        for (int i = 0; i < 500; i++) {
            w.tell(new Say("m" + i));
        }
        for (int i = 0; i < 500; i++) {
            assertThat(log.read(LONG)).isEqualTo("m" + i);
        }
        nodes.bLeaves();
        Await.until(LONG, () -> a.members().size() == 1, () -> "a still sees " + a.members());
        assertThat(a.stats().deadLetters()).doesNotContainKeys("unconfirmed", "no_responders");

        for (int i = 0; i < 10; i++) {
            w.tell(new Say("late" + i));  // b is gone: NATS says nobody took them
        }
        Await.until(LONG, () -> a.stats().deadLetters().getOrDefault("no_responders", 0L) == 10,
                () -> "" + a.stats());
        assertThat(a.stats().deadLetters()).doesNotContainKey("unconfirmed");
    }
}
