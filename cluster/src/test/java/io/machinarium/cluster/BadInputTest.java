package io.machinarium.cluster;

import static io.machinarium.cluster.TestMessages.Cmd;
import static io.machinarium.cluster.TestMessages.Echo;
import static io.machinarium.cluster.TestMessages.Say;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.actors.ActorRef;
import io.machinarium.actors.ActorSystem;
import io.machinarium.actors.DeadLetter;
import io.machinarium.core.Machinarium;
import io.machinarium.core.channel.SharedChannel;
import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.Runtimes;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile or broken input on the wire, sent with a raw NATS client: each becomes a clear error or a counted
 * dead letter with its reason, and the node keeps serving.
 */
class BadInputTest {
    private static final Duration LONG = Duration.ofSeconds(10);

    private NatsServer nats;
    private Machinarium rt;
    private ClusterNode node;
    private Connection raw;
    private final List<DeadLetter> dead = new CopyOnWriteArrayList<>();
    private SharedChannel<String> log;
    private ActorRef<Cmd> svc;

    @BeforeEach
    void start() throws Exception {
        nats = NatsServer.start("max_payload: 65536");
        rt = Runtimes.start(2);
        node = ClusterNode.join(ActorSystem.create(rt, "n"), TwoNodesTest.config("n", nats.url()));
        node.system().onDeadLetter(dead::add);
        log = new SharedChannel<>();
        svc = node.system().spawn("svc", TwoNodesTest.worker("n", log));
        node.register("svc", svc);
        raw = Nats.connect(nats.url());
    }

    @AfterEach
    void stop() throws Exception {
        raw.close();
        node.system().close();
        node.close();
        rt.close();
        nats.close();
    }

    /** A well-formed message frame whose payload is {@code body}, as another node would send it. */
    private void publishMessage(String subject, long to, String type, String body) {
        raw.publish(subject, Frames.encode(Frames.MESSAGE, to, -1, type, null, "evil",
                body.getBytes(StandardCharsets.UTF_8)));
    }

    /** The node still answers a real request after the bad input. */
    private void stillServes() {
        ActorRef<Cmd> other;
        try (Machinarium rt2 = Runtimes.start(1)) {
            ClusterNode probe = ClusterNode.join(ActorSystem.create(rt2, "probe"), TwoNodesTest.config("probe", nats.url()));
            try {
                other = probe.named("svc");
                assertThat(other.<String>ask(r -> new Echo("still here", r), LONG)).isEqualTo("still here");
            } finally {
                probe.system().close();
                probe.close();
            }
        }
    }

    @Test
    void anUndecodablePayloadIsADeadLetterWithItsReason() {
        publishMessage("mc.test.name.svc", -1, Say.class.getName(), "{this is not json");
        Await.until(LONG, () -> node.stats().deadLetters().getOrDefault("undecodable", 0L) == 1, () -> "" + node.stats());
        assertThat(dead).anyMatch(d -> d.reason().contains("could not be decoded"));
        stillServes();
    }

    @Test
    void aMessageOfAnUnregisteredTypeIsNeverInstantiated() {
        publishMessage("mc.test.name.svc", -1, "java.lang.ProcessBuilder", "{\"command\":[\"touch\",\"/tmp/pwned\"]}");
        Await.until(LONG, () -> dead.stream().anyMatch(d -> d.reason().contains("not registered")), () -> "" + dead);
        stillServes();
    }

    @Test
    void aFrameWithNoKindOrGarbageHeadersIsRefused() {
        raw.publish("mc.test.node.n", "junk".getBytes(StandardCharsets.UTF_8));
        raw.publish("mc.test.node.n", Frames.encode(Frames.LINK, 1, -1, null, "a:../etc/passwd", "evil", new byte[0]));
        raw.publish("mc.test.node.n", new byte[] {Frames.VERSION, 99, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        Await.until(LONG, () -> node.stats().deadLetters().getOrDefault("undecodable", 0L) == 3, () -> "" + node.stats());
        stillServes();
    }

    @Test
    void aMessageForAnActorThatIsNotThereIsADeadLetter() {
        publishMessage("mc.test.node.n", 987654, Say.class.getName(),
                "{\"@type\":\"" + Say.class.getName() + "\",\"text\":\"to nobody\"}");
        Await.until(LONG, () -> dead.stream().anyMatch(d -> d.message().equals(new Say("to nobody"))), () -> "" + dead);
        assertThat(node.stats().deadLetters()).containsEntry("no_actor", 1L);
        stillServes();
    }

    @Test
    void aMessageForAnUnknownNameIsADeadLetterOfTheSender() {
        node.<Cmd>named("nobody-has-this").tell(new Say("lost?"));
        Await.until(LONG, () -> dead.stream().anyMatch(d -> d.message().equals(new Say("lost?"))), () -> "" + dead);
        assertThat(dead).anyMatch(d -> d.reason().contains("nobody in the cluster received it"));
        assertThatThrownBy(() -> node.<Cmd>named("nobody-has-this").<String>ask(r -> new Echo("x", r), LONG))
                .isInstanceOf(io.machinarium.actors.ActorExitedException.class).hasMessageContaining("NO_ACTOR");
    }

    /**
     * A reply subject is refused unless all its tokens are names: this one has the reply form, but its node token
     * would smuggle protocol lines (CR LF, then a publish to subject {@code victim}) into the connection if it
     * were published to unchecked.
     */
    @Test
    void aReplySubjectWhoseNodeIsNotANameIsRefusedAsForged() throws Exception {
        io.nats.client.Subscription trap = raw.subscribe("victim");
        raw.flush(LONG);
        String smuggled = "x\\r\\nPUB victim 2\\r\\nhi\\r\\nPING";  // no dot: the old check let it through
        publishMessage("mc.test.name.svc", -1, Echo.class.getName(),
                "{\"@type\":\"" + Echo.class.getName() + "\",\"text\":\"evil\",\"replyTo\":\"r:mc.test.reply."
                        + smuggled + ".5\"}");
        Await.until(LONG, () -> node.stats().deadLetters().getOrDefault("forged_reply", 0L) == 1, () -> "" + node.stats());
        stillServes();
        assertThat(trap.nextMessage(Duration.ofMillis(200))).isNull();
    }

    @Test
    void aForgedReplySubjectIsRefusedAndNothingIsPublishedThere() throws Exception {
        io.nats.client.Subscription trap = raw.subscribe("mc.test.node.victim");
        publishMessage("mc.test.name.svc", -1, Echo.class.getName(),
                "{\"@type\":\"" + Echo.class.getName() + "\",\"text\":\"evil\",\"replyTo\":\"r:mc.test.node.victim\"}");
        Await.until(LONG, () -> node.stats().deadLetters().getOrDefault("forged_reply", 0L) == 1, () -> "" + node.stats());
        assertThat(trap.nextMessage(Duration.ofMillis(200))).isNull();
        stillServes();
    }

    @Test
    void aMessageOverTheServersLimitFailsItsSenderAndNothingIsSent() {
        ActorRef<Cmd> far = node.group("anywhere");
        long sent = node.stats().messagesSent();
        assertThatThrownBy(() -> far.tell(new Say("x".repeat(70_000))))
                .isInstanceOf(MessageEncodingException.class).hasMessageContaining("max_payload");
        assertThat(node.stats().messagesSent()).isEqualTo(sent);
        stillServes();
    }
}
