package io.machinarium.cluster;

import static io.machinarium.cluster.TestMessages.Cmd;
import static io.machinarium.cluster.TestMessages.Crash;
import static io.machinarium.cluster.TestMessages.Echo;
import static io.machinarium.cluster.TestMessages.Forward;
import static io.machinarium.cluster.TestMessages.Say;
import static io.machinarium.cluster.TestMessages.Seq;
import static io.machinarium.cluster.TestMessages.Slow;
import static io.machinarium.cluster.TestMessages.Who;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.actors.Actor;
import io.machinarium.actors.ActorContext;
import io.machinarium.actors.ActorExitedException;
import io.machinarium.actors.ActorRef;
import io.machinarium.actors.ActorSystem;
import io.machinarium.actors.Down;
import io.machinarium.actors.ExitReason;
import io.machinarium.actors.NameTakenException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.channel.SharedChannel;
import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.Runtimes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes, each its own runtime and actor system, in one JVM against a real nats-server: the cluster's
 * behaviour where a process boundary is not the point (the multi-process tests cover that).
 */
class TwoNodesTest {
    static final Duration LONG = Duration.ofSeconds(10);

    private TwoNodes nodes;
    private NatsServer nats;
    private ClusterNode a;
    private ClusterNode b;

    static ClusterConfig config(String node, String... urls) {
        return ClusterConfig.builder("test", node).servers(urls).messageTypes(Cmd.class)
                .failureDetector(Duration.ofMillis(200), Duration.ofMillis(1500)).build();
    }

    /** The test actor: serves every {@link Cmd}. */
    static Actor<Cmd> worker(String node, SharedChannel<String> log) {
        return (ActorContext<Cmd> ctx) -> {
            for (;;) {
                switch (ctx.receive()) {
                    case Say s -> log.write(s.text());
                    case Echo e -> e.replyTo().tell(e.text());
                    case Seq q -> log.write(q.from() + ":" + q.n());
                    case Slow s -> {
                        log.write("slow " + s.millis());
                        Coroutine.sleep(s.millis());
                        s.replyTo().tell("slow");
                    }
                    case Crash c -> throw new IllegalStateException(c.why());
                    case Who w -> w.replyTo().tell(node + "/" + ctx.name());
                    case Forward f -> f.to().tell(f.what());
                }
            }
        };
    }

    @BeforeEach
    void start() throws Exception {
        nodes = TwoNodes.start(2, TwoNodesTest::config);
        nats = nodes.nats();
        a = nodes.a();
        b = nodes.b();
    }

    @AfterEach
    void stop() throws Exception {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    void aNamedActorOfAnotherNodeAnswersTellAndAskLikeALocalOne() throws Exception {
        SharedChannel<String> log = new SharedChannel<>();
        registerAndSee(b, "w", b.system().spawn("w", worker("b", log)), a);
        ActorRef<Cmd> w = a.named("w");
        w.tell(new Say("hello"));
        assertThat(log.read(LONG)).isEqualTo("hello");
        String back = w.<String>ask(r -> new Echo("ping", r), LONG);
        assertThat(back).isEqualTo("ping");
        ActorRef<Cmd> byAddress = a.whereis("w");
        assertThat(byAddress.address().node()).isEqualTo("b");
        assertThat(byAddress.<String>ask(r -> new Echo("again", r), LONG)).isEqualTo("again");
    }

    @Test
    void aMessageToAnActorOfTheSameNodeNeverGoesThroughNats() throws Exception {
        SharedChannel<String> log = new SharedChannel<>();
        ActorRef<Cmd> local = a.system().spawn("here", worker("a", log));
        a.register("here", local);
        long sentBefore = a.stats().messagesSent();
        ActorRef<Cmd> named = a.named("here");
        for (int i = 0; i < 100; i++) {
            named.tell(new Say("m" + i));
        }
        assertThat(named.<String>ask(r -> new Echo("x", r), LONG)).isEqualTo("x");
        assertThat((Object) a.whereis("here")).isSameAs(local);
        for (int i = 0; i < 100; i++) {
            assertThat(log.read(LONG)).isEqualTo("m" + i);
        }
        assertThat(a.stats().messagesSent()).isEqualTo(sentBefore);
    }

    @Test
    void messagesBetweenTwoActorsArriveInOrder() throws Exception {
        SharedChannel<String> log = new SharedChannel<>();
        b.register("sink", b.system().spawn("sink", worker("b", log)));
        ActorRef<Cmd> sink = a.named("sink");
        a.system().spawn("sender", (ActorContext<Object> ctx) -> {
            for (int i = 0; i < 5_000; i++) {
                sink.tell(new Seq("s", i));
            }
        });
        for (int i = 0; i < 5_000; i++) {
            assertThat(log.read(LONG)).isEqualTo("s:" + i);
        }
    }

    @Test
    void aReferenceInsideAMessageReachesItsActorAcrossNodes() throws Exception {
        SharedChannel<String> logA = new SharedChannel<>();
        ActorRef<Cmd> onA = a.system().spawn("onA", worker("a", logA));
        b.register("fwd", b.system().spawn("fwd", worker("b", new SharedChannel<>())));
        a.named("fwd").tell(new Forward(onA, new Say("came back")));  // b tells onA through NATS
        assertThat(logA.read(LONG)).isEqualTo("came back");
    }

    @Test
    void aLateReplyNeverAnswersALaterRequestAndIsADeadLetter() throws Exception {
        b.register("slow", b.system().spawn("slow", worker("b", new SharedChannel<>())));
        ActorRef<Cmd> slow = a.named("slow");
        assertThatThrownBy(() -> slow.<String>ask(r -> new Slow(500, r), Duration.ofMillis(50)))
                .isInstanceOf(TimedOutException.class);
        assertThat(slow.<String>ask(r -> new Echo("fresh", r), LONG)).isEqualTo("fresh");
        Await.until(LONG, () -> a.stats().deadLetters().getOrDefault("late_reply", 0L) == 1, () -> "" + a.stats());
    }

    @Test
    void aNameHeldByALiveActorOfALiveNodeCannotBeTaken() {
        b.register("only", b.system().spawn("only", worker("b", new SharedChannel<>())));
        ActorRef<Cmd> other = a.system().spawn("other", worker("a", new SharedChannel<>()));
        assertThatThrownBy(() -> a.register("only", other)).isInstanceOf(NameTakenException.class)
                .hasMessageContaining("live node 'b'");
    }

    @Test
    void aNameIsFreedWhenItsHolderExitsAndCanBeTakenByAnotherNode() throws Exception {
        ActorRef<Cmd> holder = b.system().spawn("holder", worker("b", new SharedChannel<>()));
        b.register("free-me", holder);
        Await.until(LONG, () -> a.whereis("free-me") != null, () -> "a never saw the name");
        holder.tell(new Crash("bye"));
        Await.until(LONG, () -> a.whereis("free-me") == null, () -> "the name stayed held");
        ActorRef<Cmd> mine = a.system().spawn("mine", worker("a", new SharedChannel<>()));
        a.register("free-me", mine);
        Await.until(LONG, () -> b.whereis("free-me") != null, () -> "b never saw the new holder");
        assertThat(b.whereis("free-me").address().node()).isEqualTo("a");
    }

    @Test
    void aGroupSpreadsMessagesOverItsMembersAndAMemberThatDiesStopsReceiving() throws Exception {
        ActorRef<Cmd> m1 = a.system().spawn("m1", worker("a", new SharedChannel<>()));
        ActorRef<Cmd> m2 = b.system().spawn("m2", worker("b", new SharedChannel<>()));
        a.joinGroup("g", m1);
        b.joinGroup("g", m2);
        ActorRef<Cmd> g = a.group("g");
        Map<String, Integer> served = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            served.merge(g.<String>ask(r -> new Who(r), LONG), 1, Integer::sum);
        }
        assertThat(served).containsOnlyKeys("a/m1", "b/m2");
        assertThat(served.values()).allMatch(n -> n > 20);  // NATS picks members at random: both get a share
        m2.tell(new Crash("gone"));
        m2.awaitExit(LONG);
        Await.until(LONG, () -> b.localGroups().isEmpty(), () -> "" + b.localGroups());
        for (int i = 0; i < 50; i++) {
            assertThat(g.<String>ask(r -> new Who(r), LONG)).isEqualTo("a/m1");
        }
    }

    /** Registers on {@code on} and waits until {@code seenBy}'s copy of the registry has the name. */
    static void registerAndSee(ClusterNode on, String name, ActorRef<?> actor, ClusterNode seenBy) {
        on.register(name, actor);
        Await.until(LONG, () -> seenBy.whereis(name) != null, () -> seenBy.name() + " never saw " + name);
    }

    @Test
    void aMonitorOfARemoteActorFiresWithItsCrashReason() throws Exception {
        ActorRef<Cmd> victim = b.system().spawn("victim", worker("b", new SharedChannel<>()));
        registerAndSee(b, "victim", victim, a);
        CompletableFuture<Down> down = new CompletableFuture<>();
        CompletableFuture<Void> watching = new CompletableFuture<>();
        a.system().spawn("watcher", (ActorContext<Object> ctx) -> {
            ctx.monitor(a.whereis("victim"), d -> d);
            watching.complete(null);
            down.complete((Down) ctx.receive());
        });
        watching.get(10, TimeUnit.SECONDS);
        // the watch frame and this message travel on one connection to one node's subject: in order
        a.whereis("victim").tell(new Crash("kaboom"));
        Down d = down.get(10, TimeUnit.SECONDS);
        assertThat(d.reason().kind()).isEqualTo(ExitReason.Kind.CRASHED);
        assertThat(d.reason().causeType()).isEqualTo(IllegalStateException.class.getName());
        assertThat(d.reason().causeMessage()).isEqualTo("kaboom");
        assertThat(d.actor().address()).isEqualTo(victim.address());
    }

    @Test
    void aLostNodeFiresMonitorsWithNoConnectionAndFailsItsPendingAsks() throws Exception {
        SharedChannel<String> farLog = new SharedChannel<>();
        registerAndSee(b, "far", b.system().spawn("far", worker("b", farLog)), a);
        CompletableFuture<Down> down = new CompletableFuture<>();
        CompletableFuture<Void> watching = new CompletableFuture<>();
        a.system().spawn("watcher", (ActorContext<Object> ctx) -> {
            ctx.monitor(a.whereis("far"), d -> d);
            watching.complete(null);
            down.complete((Down) ctx.receive());
        });
        watching.get(10, TimeUnit.SECONDS);
        ActorRef<Cmd> far = a.whereis("far");
        CompletableFuture<Throwable> asked = new CompletableFuture<>();
        Thread asker = new Thread(() -> {
            try {
                far.<String>ask(r -> new Slow(60_000, r), Duration.ofSeconds(60));
                asked.complete(null);
            } catch (RuntimeException e) {
                asked.complete(e);
            }
        });
        asker.start();
        assertThat(farLog.read(LONG)).isEqualTo("slow 60000");  // b has the request
        b.link.close();  // node b vanishes without leaving: no goodbye, no more heartbeats
        Down d = down.get(10, TimeUnit.SECONDS);
        assertThat(d.reason().kind()).isEqualTo(ExitReason.Kind.NO_CONNECTION);
        assertThat(asked.get(10, TimeUnit.SECONDS)).isInstanceOf(ActorExitedException.class)
                .hasMessageContaining("NO_CONNECTION");
        Await.until(LONG, () -> a.whereis("far") == null, () -> "the lost node's name stayed");
        assertThat(a.members()).extracting(Member::node).containsExactly("a");
    }

    @Test
    void aNodeThatLeavesIsSeenLeavingAtOnceAndItsNamesAreFreed() throws Exception {
        registerAndSee(b, "leaver", b.system().spawn("leaver", worker("b", new SharedChannel<>())), a);
        CompletableFuture<MemberEvent> left = new CompletableFuture<>();
        a.onMembership(e -> {
            if (e.kind() == MemberEvent.Kind.LEFT) {
                left.complete(e);
            }
        });
        nodes.bLeaves();
        assertThat(left.get(10, TimeUnit.SECONDS).member().node()).isEqualTo("b");
        Await.until(LONG, () -> a.whereis("leaver") == null, () -> "the name stayed");
        assertThat(a.members()).extracting(Member::node).containsExactly("a");
    }

    @Test
    void aSlowConsumerIsCountedNotSilent() throws Exception {
        record Heavy(int n) {
        }
        MessageCodec<Heavy> slow = new MessageCodec<>() {
            @Override
            public Class<Heavy> type() {
                return Heavy.class;
            }

            @Override
            public byte[] encode(Heavy h, ActorRefCodec refs) {
                return new byte[] {(byte) h.n()};
            }

            @Override
            public Heavy decode(byte[] data, ActorRefCodec refs) {
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);  // a decoder that cannot keep up
                return new Heavy(data[0]);
            }
        };
        try (Machinarium rtC = Runtimes.start(1)) {
            ClusterNode c = ClusterNode.join(ActorSystem.create(rtC, "c"), ClusterConfig.builder("test", "c")
                    .servers(nats.url()).codec(slow).pendingLimit(5)
                    .failureDetector(Duration.ofMillis(200), Duration.ofMillis(1500)).build());
            try {
                ActorRef<Heavy> sink = c.system().spawn("sink", (ActorContext<Heavy> ctx) -> {
                    for (;;) {
                        ctx.receive();
                    }
                });
                c.register("heavy", sink);
                try (Machinarium rtD = Runtimes.start(1)) {
                    ClusterNode d = ClusterNode.join(ActorSystem.create(rtD, "d"), ClusterConfig.builder("test", "d")
                            .servers(nats.url()).codec(slow).build());
                    try {
                        ActorRef<Heavy> far = d.named("heavy");
                        for (int i = 0; i < 200; i++) {
                            far.tell(new Heavy(i % 100));
                        }
                        Await.until(LONG, () -> c.stats().slowConsumerDrops() > 0 && c.stats().slowConsumerEvents() > 0,
                                () -> "" + c.stats());
                    } finally {
                        d.system().close();
                        d.close();
                    }
                }
            } finally {
                c.system().close();
                c.close();
            }
        }
    }
}
