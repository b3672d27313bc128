package io.machinarium.samples.bank;

import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.actors.ActorSystem;
import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@code GET /total} of the bank of one process is a snapshot: transfers running meanwhile never show in it. */
class TotalSnapshotTest {
    private static final int ACCOUNTS = 20;
    private static final long INITIAL = 1000;
    private static final int TOTALS = 300;
    private static final Duration T = Duration.ofSeconds(60);

    @Test
    void everyTotalTakenWhileTransfersRunIsTheInitialTotal() throws Exception {
        try (Machinarium rt = Runtimes.start(2); ActorSystem system = ActorSystem.create(rt)) {
            Accounts accounts = new Accounts(system, rt.machines(), ACCOUNTS, INITIAL);
            accounts.awaitStarted(T);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong moved = new AtomicLong();
            List<Coroutine> movers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                movers.add(rt.machine(i % 2).spawn(() -> {
                    ThreadLocalRandom r = ThreadLocalRandom.current();
                    while (!stop.get()) {
                        int from = r.nextInt(ACCOUNTS);
                        int to = (from + 1 + r.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                        if (accounts.transfer("a" + from, "a" + to, 1 + r.nextInt(50)).outcome() == Bank.Outcome.OK) {
                            moved.incrementAndGet();
                        }
                    }
                }));
            }
            TreeSet<Long> seen = new TreeSet<>();
            try {
                for (int i = 0; i < TOTALS; i++) {
                    seen.add(accounts.total().total());
                }
            } finally {
                stop.set(true);
                for (Coroutine c : movers) {
                    c.join(T);
                }
            }
            assertThat(moved.get()).as("transfers ran meanwhile").isPositive();
            assertThat(seen).as("the totals seen while %d transfers ran", moved.get()).containsExactly(ACCOUNTS * INITIAL);
            assertThat(accounts.total().total()).isEqualTo(ACCOUNTS * INITIAL);
        }
    }
}
