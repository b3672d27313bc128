package io.machinarium.actors;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.MachinariumTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many threads flood a bounded, rejecting mailbox far past its bound: the senders over it get a clear
 * error, the actor keeps answering, and every message it took is processed exactly once.
 */
@MachinariumTest(machines = 2)
class MailboxFloodTest {
    private static final int CAPACITY = 64;

    sealed interface Msg permits Add, Total {}

    record Add(long value) implements Msg {}

    record Total(ActorRef<long[]> replyTo) implements Msg {}

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

    private ActorRef<Msg> summer() {
        return system.spawn(SpawnOptions.named("summer").on(rt.machine(1)).bounded(CAPACITY, Overflow.REJECT),
                (ActorContext<Msg> ctx) -> {
                    long sum = 0;
                    long count = 0;
                    for (;;) {
                        switch (ctx.receive()) {
                            case Add a -> {
                                sum += a.value();
                                count++;
                            }
                            case Total t -> t.replyTo().tell(new long[] {sum, count});
                        }
                    }
                });
    }

    /** Asks for the totals, retrying while the mailbox is full. */
    private static long[] totals(ActorRef<Msg> a) {
        AtomicReference<long[]> got = new AtomicReference<>();
        Await.until("room in the flooded mailbox for an ask", () -> {
            try {
                got.set(a.ask(Total::new, T));
                return true;
            } catch (MailboxFullException e) {
                return false;
            }
        });
        return got.get();
    }

    @Test
    void floodingPastTheBoundRejectsClearlyLosesNothingTakenAndTheActorStaysResponsive() throws Exception {
        ActorRef<Msg> a = summer();
        int threads = 8;
        int perThread = 50_000;
        AtomicLong acceptedSum = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long base = (long) t * perThread;
            senders.add(CompletableFuture.runAsync(() -> {
                for (long i = base; i < base + perThread; i++) {
                    try {
                        a.tell(new Add(i));
                        accepted.incrementAndGet();
                        acceptedSum.addAndGet(i);
                    } catch (MailboxFullException e) {
                        assertThat(e).hasMessage("the mailbox of actor 'summer' is full (" + CAPACITY
                                + " messages); the message was not sent");
                        rejected.incrementAndGet();
                    }
                }
            }, runnable -> new Thread(runnable, "flooder").start()));
        }
        int answeredDuringFlood = 0;
        while (!senders.stream().allMatch(CompletableFuture::isDone)) {
            totals(a);
            answeredDuringFlood++;
        }
        for (CompletableFuture<Void> s : senders) {
            s.get(T.toSeconds(), TimeUnit.SECONDS);
        }
        long[] got = totals(a);
        System.out.println("MailboxFloodTest: " + accepted.get() + " taken, " + rejected.get() + " rejected, "
                + answeredDuringFlood + " asks answered during the flood");
        assertThat(rejected.get()).as("the flood went past the bound").isPositive();
        assertThat(answeredDuringFlood).as("the actor answered while flooded").isPositive();
        assertThat(got[1]).as("every message taken was processed once").isEqualTo(accepted.get());
        assertThat(got[0]).isEqualTo(acceptedSum.get());
        assertThat(accepted.get() + rejected.get()).isEqualTo((long) threads * perThread);
        assertThat(a.isAlive()).isTrue();
    }
}
