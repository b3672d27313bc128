package io.machinarium.actors;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.CancelledException;
import io.machinarium.core.Machinarium;
import io.machinarium.core.Machine;
import io.machinarium.core.MisuseException;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.MachinariumTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MachinariumTest(machines = 2)
class ActorBasicsTest {
    private static final Duration SECOND = Duration.ofSeconds(1);

    sealed interface Msg permits Text, Num, Get {
    }

    record Text(String s) implements Msg {
    }

    record Num(int n) implements Msg {
    }

    record Get(ActorRef<List<Object>> replyTo) implements Msg {
    }

    private Machinarium rt;
    private ActorSystem system;

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
        system = ActorSystem.create(rt);
    }

    @AfterEach
    void stop() {
        system.close();
    }

    @Test
    void anActorRunsOnTheMachineItWasSpawnedOnAndReceivesInOrder() throws Exception {
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        Machine m1 = rt.machine(1);
        ActorRef<String> a = system.spawn(SpawnOptions.named("printer").on(m1), (ActorContext<String> ctx) -> {
            for (int i = 0; i < 3; i++) {
                seen.add(ctx.receive() + "@" + Machine.current().name());
            }
        });
        a.tell("one");
        a.tell("two");
        a.tell("three");
        assertThat(a.awaitExit(T)).isEqualTo(ExitReason.NORMAL);
        assertThat(seen).containsExactly("one@" + m1.name(), "two@" + m1.name(), "three@" + m1.name());
        assertThat(a.isAlive()).isFalse();
    }

    @Test
    void unplacedActorsGoToTheLeastLoadedMachine() {
        List<ActorRef<String>> refs = new ArrayList<>();
        CopyOnWriteArrayList<String> machines = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 10; i++) {
            refs.add(system.spawn((ActorContext<String> ctx) -> {
                machines.add(ctx.machine().name());
                ctx.receive();
            }));
        }
        assertThat(system.liveActors()).isEqualTo(10);
        refs.forEach(r -> r.tell("bye"));
        refs.forEach(r -> r.awaitExit(T));
        assertThat(machines).filteredOn(n -> n.equals(rt.machine(0).name())).hasSize(5);
        assertThat(machines).filteredOn(n -> n.equals(rt.machine(1).name())).hasSize(5);
        assertThat(system.liveActors()).isZero();
    }

    @Test
    void receiveWithATimeoutThrowsAndPollReturnsNull() {
        AtomicReference<Object> polled = new AtomicReference<>("unset");
        ActorRef<String> a = system.spawn((ActorContext<String> ctx) -> {
            polled.set(ctx.poll(Duration.ofMillis(20)));
            ctx.receive(Duration.ofMillis(20));
        });
        ExitReason r = a.awaitExit(T);
        assertThat(polled.get()).isNull();
        assertThat(r.kind()).isEqualTo(ExitReason.Kind.CRASHED);
        assertThat(r.cause()).isInstanceOf(TimedOutException.class)
                .hasMessageContaining("received no message within PT0.02S");
    }

    @Test
    void selectiveReceiveTakesTheMatchAndKeepsTheRestInOrder() {
        ActorRef<Msg> a = system.spawn((ActorContext<Msg> ctx) -> {
            Num first = ctx.receive(Num.class, T);          // skips the Text messages queued before it
            Msg big = ctx.receive(m -> m instanceof Num n && n.n() > 100, T);
            List<Object> rest = new ArrayList<>();
            rest.add(first);
            rest.add(big);
            for (;;) {
                Msg m = ctx.receive(T);  // the rest, in order, until the request for them
                if (m instanceof Get g) {
                    g.replyTo().tell(rest);
                    return;
                }
                rest.add(m);
            }
        });
        a.tell(new Text("a"));
        a.tell(new Text("b"));
        a.tell(new Num(1));
        a.tell(new Text("c"));
        a.tell(new Num(2));
        a.tell(new Num(500));
        a.tell(new Text("d"));
        List<Object> got = a.ask(Get::new, T);
        assertThat(got).containsExactly(new Num(1), new Num(500), new Text("a"), new Text("b"), new Text("c"),
                new Num(2), new Text("d"));
    }

    @Test
    void selectiveReceiveWaitsForAMatchThatArrivesLater() throws Exception {
        AtomicReference<Object> got = new AtomicReference<>();
        CountDownLatch waiting = new CountDownLatch(1);
        ActorRef<Msg> a = system.spawn((ActorContext<Msg> ctx) -> {
            waiting.countDown();
            got.set(ctx.receive(Num.class, T));
            got.set(List.of(got.get(), ctx.receive()));
        });
        a.tell(new Text("early"));
        assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();
        ActorAwait.inReceive(a);  // "early" is queued and skipped: the selective receive waits
        a.tell(new Num(7));
        a.awaitExit(T);
        assertThat(got.get()).isEqualTo(List.of(new Num(7), new Text("early")));
    }

    @Test
    void askGetsTheReplyFromAnotherMachineAndFromAPlainThread() {
        ActorRef<Get> echo = system.spawn(SpawnOptions.named("echo").on(rt.machine(1)), (ActorContext<Get> ctx) -> {
            for (;;) {
                ctx.receive().replyTo().tell(List.of(ctx.machine().name()));
            }
        });
        List<Object> fromThread = echo.ask(Get::new, T);
        assertThat(fromThread).containsExactly(rt.machine(1).name());
        AtomicReference<Object> fromCoroutine = new AtomicReference<>();
        rt.machine(0).spawn(() -> fromCoroutine.set(echo.ask(Get::new, T))).join(T);
        assertThat(fromCoroutine.get()).isEqualTo(List.of(rt.machine(1).name()));
    }

    @Test
    void aReplyAfterItsTimeoutGoesToDeadLettersAndNeverToTheNextRequest() throws Exception {
        record Slow(int id, Duration delay, ActorRef<Integer> replyTo) {
        }
        CopyOnWriteArrayList<DeadLetter> dead = new CopyOnWriteArrayList<>();
        system.onDeadLetter(dead::add);
        ActorRef<Slow> slow = system.spawn((ActorContext<Slow> ctx) -> {
            for (;;) {
                Slow s = ctx.receive();
                io.machinarium.core.Coroutine.sleep(s.delay());
                s.replyTo().tell(s.id());
            }
        });
        assertThatThrownBy(() -> slow.<Integer>ask(r -> new Slow(1, Duration.ofMillis(200), r), Duration.ofMillis(20)))
                .isInstanceOf(TimedOutException.class).hasMessageContaining("did not reply within PT0.02S");
        // the second request is queued behind the first; the first's late reply must not answer it
        int second = slow.<Integer>ask(r -> new Slow(2, Duration.ZERO, r), T);
        assertThat(second).isEqualTo(2);
        assertThat(dead).anySatisfy(d -> {
            assertThat(d.message()).isEqualTo(1);
            assertThat(d.reason()).contains("after its request had timed out");
        });
    }

    @Test
    void askingAnActorThatExitsBeforeReplyingFailsAtOnce() {
        ActorRef<Get> dies = system.spawn((ActorContext<Get> ctx) -> {
            ctx.receive();
            throw new IllegalStateException("boom");
        });
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> dies.ask(Get::new, T)).isInstanceOf(ActorExitedException.class)
                .hasMessageContaining("exited before replying").hasRootCauseMessage("boom");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("failed before the ask's own timeout").isLessThan(T);
        ActorExitedException e = org.junit.jupiter.api.Assertions.assertThrows(ActorExitedException.class,
                () -> dies.ask(Get::new, T));
        assertThat(e.reason().kind()).isIn(ExitReason.Kind.NO_ACTOR, ExitReason.Kind.CRASHED);
    }

    @Test
    void aCancelledAskThrowsCancelled() throws Exception {
        ActorRef<Get> silent = system.spawn((ActorContext<Get> ctx) -> {
            for (;;) {
                ctx.receive();
            }
        });
        AtomicReference<Throwable> failure = new AtomicReference<>();
        io.machinarium.core.Coroutine asker = rt.machine(0).spawn(() -> {
            try {
                silent.ask(Get::new, T);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        Await.blocked(asker);  // the ask waits for its reply
        asker.cancel();
        asker.join(T);
        assertThat(failure.get()).isInstanceOf(CancelledException.class).hasMessageContaining("was cancelled");
    }

    @Test
    void sendAfterAndPeriodicTimersDeliverAndStopWhenCancelled() {
        ActorRef<String> a = system.spawn((ActorContext<String> ctx) -> {
            long t0 = System.nanoTime();
            ctx.sendAfter(Duration.ofMillis(50), "later");
            assertThat(ctx.receive(T)).isEqualTo("later");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(45));
            TimerRef tick = ctx.every(Duration.ofMillis(10), "tick");
            for (int i = 0; i < 5; i++) {
                assertThat(ctx.receive(T)).isEqualTo("tick");
            }
            tick.cancel();
            while (ctx.poll(Duration.ZERO) != null) {
                // a tick may have been queued just before the cancel
            }
            assertThat(ctx.poll(Duration.ofMillis(60))).isNull();
            TimerRef never = ctx.sendAfter(Duration.ofMillis(20), "never");
            never.cancel();
            assertThat(ctx.poll(Duration.ofMillis(60))).isNull();
        });
        assertThat(a.awaitExit(T)).isEqualTo(ExitReason.NORMAL);
    }

    @Test
    void systemSendAfterReachesAnActorFromAPlainThread() {
        ActorRef<String> a = system.spawn((ActorContext<String> ctx) -> assertThat(ctx.receive(T)).isEqualTo("hi"));
        system.sendAfter(a, "hi", Duration.ofMillis(10));
        assertThat(a.awaitExit(T)).isEqualTo(ExitReason.NORMAL);
    }

    @Test
    void stopEndsABlockedActorWithStopped() throws Exception {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        ActorRef<String> a = system.spawn((ActorContext<String> ctx) -> {
            started.countDown();
            try {
                ctx.receive();
            } catch (CancelledException e) {
                seen.set(e);
                throw e;
            }
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        ActorAwait.inReceive(a);
        a.stop();
        assertThat(a.awaitExit(T)).isEqualTo(ExitReason.STOPPED);
        assertThat(seen.get()).isInstanceOf(CancelledException.class);
    }

    @Test
    void anActorStoppedBeforeItStartsNeverRunsItsBody() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        rt.machine(1).spawn(() -> {  // keeps machine 1 busy so the actor cannot start yet
            holding.countDown();
            try {
                hold.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
        AtomicReference<Boolean> ran = new AtomicReference<>(false);
        ActorRef<String> a = system.spawn(SpawnOptions.named("late").on(rt.machine(1)),
                (ActorContext<String> ctx) -> ran.set(true));
        a.stop();
        hold.countDown();
        assertThat(a.awaitExit(T)).isEqualTo(ExitReason.STOPPED);
        assertThat(ran.get()).isFalse();
    }

    @Test
    void aCrashIsTheExitReasonWithItsCause() {
        ActorRef<String> a = system.spawn((ActorContext<String> ctx) -> {
            throw new java.io.IOException("disk gone");
        });
        ExitReason r = a.awaitExit(T);
        assertThat(r.kind()).isEqualTo(ExitReason.Kind.CRASHED);
        assertThat(r.isAbnormal()).isTrue();
        assertThat(r.cause()).isInstanceOf(java.io.IOException.class).hasMessage("disk gone");
    }

    @Test
    void onlyTheActorItselfMayReceive() throws Exception {
        AtomicReference<ActorContext<String>> leaked = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(1);
        ActorRef<String> a = system.spawn((ActorContext<String> ctx) -> {
            leaked.set(ctx);
            ready.countDown();
            ctx.receive();
        });
        assertThat(ready.await(5, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> leaked.get().receive(SECOND)).isInstanceOf(MisuseException.class)
                .hasMessageContaining("must be called by the actor itself");
        a.tell("done");
        assertThat(a.awaitExit(T)).isEqualTo(ExitReason.NORMAL);
    }

    @Test
    void aMessageToAnotherMachineCostsOneInboxOfferAndAtMostOneWakeUp() throws Exception {
        Machine target = rt.machine(1);
        CountDownLatch got = new CountDownLatch(200);
        ActorRef<Integer> a = system.spawn(SpawnOptions.named("sink").on(target), (ActorContext<Integer> ctx) -> {
            for (;;) {
                ctx.receive();
                got.countDown();
            }
        });
        ActorAwait.inReceive(a);  // machine 1 has nothing left to do: it goes idle and parks
        long before = target.stats().wakeUps();
        for (int i = 0; i < 200; i++) {
            a.tell(i);
            long left = 200 - i - 1;
            // each message is taken before the next is sent, so the machine goes idle (and parks) in between
            Await.until("message " + i + " taken", () -> got.getCount() == left);
        }
        assertThat(got.await(5, TimeUnit.SECONDS)).isTrue();
        long wakeUps = target.stats().wakeUps() - before;
        assertThat(wakeUps).as("wake-ups for 200 spaced messages").isLessThanOrEqualTo(200).isGreaterThan(0);
        // a message between actors of the same machine never goes through the inbox: no wake-up at all
        CountDownLatch local = new CountDownLatch(10_000);
        ActorRef<Integer> localSink = system.spawn(SpawnOptions.named("local-sink").on(target),
                (ActorContext<Integer> ctx) -> {
                    for (;;) {
                        ctx.receive();
                        local.countDown();
                    }
                });
        ActorAwait.inReceive(localSink);
        long localBefore = target.stats().wakeUps();
        system.spawn(SpawnOptions.named("local-sender").on(target), (ActorContext<Integer> ctx) -> {
            for (int i = 0; i < 10_000; i++) {
                localSink.tell(i);
                if (i % 100 == 0) {
                    io.machinarium.core.Coroutine.yieldNow();
                }
            }
        });
        assertThat(local.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(target.stats().wakeUps() - localBefore).as("wake-ups for 10,000 local messages").isLessThanOrEqualTo(1);
    }
}
