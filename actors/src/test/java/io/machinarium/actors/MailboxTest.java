package io.machinarium.actors;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.Machinarium;
import io.machinarium.core.RejectedException;
import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.MachinariumTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bounded mailboxes and their overflow policies, dead letters of a mailbox, and the mailbox snapshot. */
@MachinariumTest(machines = 2)
class MailboxTest {
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

    /** An actor that waits for "go", then collects everything queued and exits with it in {@code out}. */
    private ActorRef<Integer> gated(SpawnOptions options, CountDownLatch gate, List<Integer> out) {
        return system.spawn(options, (ActorContext<Integer> ctx) -> {
            gate.await(10, TimeUnit.SECONDS);
            for (Integer m; (m = ctx.poll(Duration.ofMillis(50))) != null;) {
                out.add(m);
            }
        });
    }

    @Test
    void aFullRejectingMailboxRefusesWithAClearErrorAndLosesNothingItTook() {
        CountDownLatch gate = new CountDownLatch(1);
        List<Integer> got = new CopyOnWriteArrayList<>();
        ActorRef<Integer> a = gated(SpawnOptions.named("small").on(rt.machine(1)).bounded(3, Overflow.REJECT), gate, got);
        List<Integer> accepted = new ArrayList<>();
        int rejected = 0;
        for (int i = 0; i < 10; i++) {
            try {
                a.tell(i);
                accepted.add(i);
            } catch (MailboxFullException e) {
                assertThat(e).isInstanceOf(RejectedException.class)
                        .hasMessage("the mailbox of actor 'small' is full (3 messages); the message was not sent");
                rejected++;
            }
        }
        assertThat(accepted).containsExactly(0, 1, 2);
        assertThat(rejected).isEqualTo(7);
        gate.countDown();
        a.awaitExit(T);
        assertThat(got).containsExactly(0, 1, 2);
    }

    @Test
    void aRejectingMailboxTakesMoreOnceTheActorHasReadSome() {
        ActorRef<Integer> a = system.spawn(SpawnOptions.named("bounded").bounded(2, Overflow.REJECT),
                (ActorContext<Integer> ctx) -> {
                    int sum = 0;
                    for (int i = 0; i < 1000; i++) {
                        sum += ctx.receive(T);
                    }
                    assertThat(sum).isEqualTo(999 * 1000 / 2);
                });
        for (int i = 0; i < 1000; i++) {
            int n = i;
            Await.until("room in the mailbox for message " + n, () -> told(a, n));
        }
        assertThat(a.awaitExit(T)).isEqualTo(ExitReason.NORMAL);
    }

    /** Tells {@code m} to {@code a} unless its rejecting mailbox is full. */
    private static boolean told(ActorRef<Integer> a, int m) {
        try {
            a.tell(m);
            return true;
        } catch (MailboxFullException e) {
            return false;
        }
    }

    @Test
    void aDropOldestMailboxSendsTheOldestToDeadLetters() {
        CopyOnWriteArrayList<DeadLetter> dead = new CopyOnWriteArrayList<>();
        system.onDeadLetter(dead::add);
        CountDownLatch gate = new CountDownLatch(1);
        List<Integer> got = new CopyOnWriteArrayList<>();
        ActorRef<Integer> a = gated(SpawnOptions.named("lossy").on(rt.machine(1)).bounded(3, Overflow.DROP_OLDEST), gate, got);
        for (int i = 0; i < 10; i++) {
            a.tell(i);
        }
        gate.countDown();
        a.awaitExit(T);
        assertThat(got).containsExactly(7, 8, 9);
        assertThat(dead).extracting(DeadLetter::message).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(dead).allSatisfy(d -> {
            assertThat(d.recipient()).isSameAs(a);
            assertThat(d.reason()).contains("was full (3 messages) and drops its oldest");
        });
        assertThat(system.deadLetterCount()).isEqualTo(7);
    }

    @Test
    void messagesToAnExitedActorAndLeftInItsMailboxAreDeadLetters() throws Exception {
        CopyOnWriteArrayList<DeadLetter> dead = new CopyOnWriteArrayList<>();
        AutoCloseable sub = system.onDeadLetter(dead::add);
        ActorRef<String> a = system.spawn((ActorContext<String> ctx) -> {
            ctx.receive(m -> m.equals("last"), T);
        });
        a.tell("left behind");
        a.tell("last");
        a.awaitExit(T);
        a.tell("too late");
        assertThat(dead).extracting(DeadLetter::message).containsExactly("left behind", "too late");
        sub.close();
        a.tell("unobserved");
        assertThat(dead).hasSize(2);
        assertThat(system.deadLetterCount()).isEqualTo(3);
    }

    /** An actor that leaves everything queued until it gets -1, then exits. */
    private ActorRef<Integer> hoarder(String name, int machine) {
        return system.spawn(SpawnOptions.named(name).on(rt.machine(machine)),
                (ActorContext<Integer> ctx) -> ctx.receive(m -> m == -1, T));
    }

    @Test
    void aMailboxSnapshotCountsQueuedMessagesOnEveryMachine() throws Exception {
        ActorRef<Integer> a = hoarder("busy", 0);
        ActorRef<Integer> b = hoarder("busier", 1);
        for (int i = 0; i < 3; i++) {
            a.tell(i);
        }
        for (int i = 0; i < 7; i++) {
            b.tell(i);
        }
        // cross-machine tells may still be in flight at first
        Await.until("all ten messages queued", () -> system.mailboxes(T).queued() == 10);
        assertThat(system.mailboxes(T)).isEqualTo(new MailboxStats(2, 10, 7));
        a.tell(-1);
        b.tell(-1);
        a.awaitExit(T);
        b.awaitExit(T);
        assertThat(system.mailboxes(T)).isEqualTo(new MailboxStats(0, 0, 0));
    }
}
