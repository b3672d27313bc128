package io.machinarium.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.testing.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The accounting of {@link Confirmations} on its own: what is taken, confirmed, and reckoned at a loss. */
class ConfirmationsTest {
    private static final long INC_A = 11;
    private static final long INC_B = 22;

    private final ClusterCounters countersA = new ClusterCounters();
    private final Confirmations a = new Confirmations(countersA);

    private long unconfirmed() {
        return countersA.deadLetters().getOrDefault("unconfirmed", 0L);
    }

    /** b's report that it received {@code count} frames from a (this incarnation of a). */
    private static String[] reportOfB(long incB, long incA, long count) {
        return (Confirmations.REPORT + " b " + incB + " a " + incA + " " + count).split(" ");
    }

    @Test
    void aNodeNotKnownAsUpTakesNothingOnAccount() {
        assertThat(a.take("b")).isFalse();
        a.lost("b");
        assertThat(unconfirmed()).isZero();
    }

    @Test
    void whatWasSentAndNotConfirmedIsCountedOnceAtTheLoss() {
        a.joined("b", INC_B);
        for (int i = 0; i < 5; i++) {
            assertThat(a.take("b")).isTrue();
        }
        a.confirm(reportOfB(INC_B, INC_A, 3), "a", INC_A);
        a.lost("b");
        assertThat(unconfirmed()).isEqualTo(2);
        a.lost("b");  // declared lost twice: counted once
        assertThat(unconfirmed()).isEqualTo(2);
        assertThat(a.take("b")).as("while lost, frames carry the counted reply subject instead").isFalse();
    }

    @Test
    void theSameIncarnationHeardAgainResumesItsAccount() {
        a.joined("b", INC_B);
        for (int i = 0; i < 5; i++) {
            a.take("b");
        }
        a.lost("b");  // a false down: b lives on and keeps counting
        assertThat(unconfirmed()).isEqualTo(5);
        a.joined("b", INC_B);
        a.take("b");
        a.take("b");
        a.confirm(reportOfB(INC_B, INC_A, 6), "a", INC_A);
        a.lost("b");
        assertThat(unconfirmed()).as("the 5 reckoned before are not counted again").isEqualTo(5 + 1);
    }

    @Test
    void reportsOfAnotherIncarnationOrForAnotherNodeConfirmNothing() {
        a.joined("b", INC_B);
        for (int i = 0; i < 4; i++) {
            a.take("b");
        }
        a.confirm(reportOfB(INC_B + 1, INC_A, 4), "a", INC_A);  // b's next life
        a.confirm(reportOfB(INC_B, INC_A + 1, 4), "a", INC_A);  // what b received from a's earlier life
        a.confirm((Confirmations.REPORT + " b " + INC_B + " c 5 4").split(" "), "a", INC_A);  // about node c
        a.confirm((Confirmations.REPORT + " b " + INC_B + " a x 4").split(" "), "a", INC_A);  // not a number
        a.confirm((Confirmations.REPORT + " b " + INC_B + " a").split(" "), "a", INC_A);  // cut short
        a.lost("b");
        assertThat(unconfirmed()).isEqualTo(4);
    }

    @Test
    void aNewIncarnationStartsAFreshAccount() {
        a.joined("b", INC_B);
        a.take("b");
        a.lost("b");
        a.joined("b", INC_B + 1);
        a.take("b");
        a.take("b");
        a.confirm(reportOfB(INC_B + 1, INC_A, 2), "a", INC_A);
        a.lost("b");
        assertThat(unconfirmed()).isEqualTo(1);
    }

    @Test
    void theReceiversReportConfirmsToTheSender() {
        Confirmations b = new Confirmations(new ClusterCounters());
        assertThat(b.report("b", INC_B)).as("heard from nobody: nothing to report").isNull();
        b.joined("a", INC_A);
        a.joined("b", INC_B);
        for (int i = 0; i < 4; i++) {
            a.take("b");
        }
        for (int i = 0; i < 3; i++) {
            b.received("a");  // the fourth is still on its way when b reports
        }
        b.received("c");  // from a node b does not know: not counted, not reported
        String report = new String(b.report("b", INC_B), StandardCharsets.UTF_8);
        assertThat(report).isEqualTo("received b " + INC_B + " a " + INC_A + " 3");
        a.confirm(report.split(" "), "a", INC_A);
        a.lost("b");
        assertThat(unconfirmed()).isEqualTo(1);
    }

    @Test
    void everyFrameTakenBeforeALossIsReckonedAndNoneAfter() throws Exception {
        a.joined("b", INC_B);
        AtomicLong taken = new AtomicLong();
        AtomicLong progress = new AtomicLong();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread s = new Thread(() -> {
                long mine = 0;
                for (int i = 1; i <= 2_000_000; i++) {
                    if (a.take("b")) {
                        mine++;
                    }
                    if (i % 1024 == 0) {
                        progress.addAndGet(1024);
                    }
                }
                taken.addAndGet(mine);
            });
            senders.add(s);
            s.start();
        }
        // the loss falls while the senders take: after 400,000 of their 8,000,000 takes
        Await.until(Duration.ofSeconds(60), () -> progress.get() >= 400_000, () -> "the senders did not start");
        a.lost("b");
        for (Thread s : senders) {
            s.join();
        }
        assertThat(taken.get()).isGreaterThanOrEqualTo(400_000);
        assertThat(unconfirmed()).isEqualTo(taken.get());
    }
}
