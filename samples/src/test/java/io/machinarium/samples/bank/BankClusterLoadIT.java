package io.machinarium.samples.bank;

import static io.machinarium.samples.Clients.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.testing.Await;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The distributed bank under load: two node JVMs, each serving half the accounts and the HTTP API, take
 * concurrent random transfers across nodes while one of them is killed ({@code kill -9}) and started again.
 * Every request to the node that stays up is answered (200, 409, or 503 while an account's node is down);
 * afterwards no transfer stays in doubt, the total holds, and no balance is negative.
 */
class BankClusterLoadIT {
    private static final int ACCOUNTS = 40;
    private static final int INITIAL = 100;
    private static final int CLIENTS_OF_N1 = 6;
    private static final int CLIENTS_OF_N2 = 2;
    private static final Set<Integer> STATUSES = Set.of(200, 409, 503);
    private static final Pattern BALANCE = Pattern.compile("^\\{\"id\":\"a\\d+\",\"balance\":(\\d+)}$");

    /** Clients sending transfers without pause until stopped, counting what they get. */
    private static final class Load {
        final BankCluster bank;
        final int n1;
        volatile int n2;
        volatile boolean n2Restarted;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong answeredByN1 = new AtomicLong();
        final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        final AtomicInteger refusedByN2 = new AtomicInteger();
        final AtomicInteger unavailable = new AtomicInteger();
        final AtomicInteger okTouchingN2AfterRestart = new AtomicInteger();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        final List<Thread> threads = new ArrayList<>();

        Load(BankCluster bank, int n1, int n2) {
            this.bank = bank;
            this.n1 = n1;
            this.n2 = n2;
            for (int c = 0; c < CLIENTS_OF_N1 + CLIENTS_OF_N2; c++) {
                boolean toN1 = c < CLIENTS_OF_N1;
                Random random = new Random(c);
                Thread t = new Thread(() -> run(toN1, random), "client-" + c);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }

        void run(boolean toN1, Random random) {
            while (!stop.get()) {
                int from = random.nextInt(ACCOUNTS);
                int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                boolean afterRestart = n2Restarted;
                BankCluster.Reply r;
                try {
                    r = bank.transfer(toN1 ? n1 : n2, "a" + from, "a" + to, 1 + random.nextInt(30));
                } catch (IOException e) {
                    if (toN1) {
                        failures.add("n1 gave no answer: " + e);
                    } else {
                        refusedByN2.incrementAndGet();  // n2 is down, or it went down under this request
                        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);  // no busy retry meanwhile
                    }
                    continue;
                } catch (InterruptedException e) {
                    return;
                }
                if (!STATUSES.contains(r.status())) {
                    failures.add("a transfer from a" + from + " to a" + to + " got " + r);
                }
                statuses.computeIfAbsent(r.status(), s -> new AtomicInteger()).incrementAndGet();
                if (r.status() == 503) {
                    unavailable.incrementAndGet();
                }
                if (r.status() == 200 && afterRestart && (from >= ACCOUNTS / 2 || to >= ACCOUNTS / 2)) {
                    okTouchingN2AfterRestart.incrementAndGet();
                }
                if (toN1) {
                    answeredByN1.incrementAndGet();
                }
            }
        }

        void awaitN1Answers(long more, String phase) {
            long target = answeredByN1.get() + more;
            Await.until(T.multipliedBy(3), () -> answeredByN1.get() >= target || !failures.isEmpty(),
                    () -> phase + ": n1 answered " + answeredByN1.get() + " of " + target + "; " + this);
            assertThat(failures).as(phase).isEmpty();
        }

        void stopAndJoin() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join(T.plus(BankCluster.REQUEST_TIMEOUT).toMillis());
            }
        }

        @Override
        public String toString() {
            return "statuses " + statuses + ", refused by n2 " + refusedByN2 + ", failures " + failures;
        }
    }

    @Test
    void concurrentRandomTransfersAcrossNodesWhileOneIsKilledAndRestartedKeepTheTotalAndNoBalanceIsNegative()
            throws Exception {
        try (BankCluster bank = BankCluster.open("--initial-balance", String.valueOf(INITIAL))) {
            int n1 = bank.start("n1", "0-19", true);
            int n2 = bank.start("n2", "20-39", true);
            Load load = new Load(bank, n1, n2);
            load.awaitN1Answers(300, "before the kill");

            bank.kill("n2");
            int unavailableBefore = load.unavailable.get();
            load.awaitN1Answers(200, "while n2 is down");
            Await.until(T, () -> load.unavailable.get() > unavailableBefore, () -> "no 503 while n2 is down: " + load);

            load.n2 = bank.restart("n2");
            load.n2Restarted = true;
            Await.until(T.multipliedBy(3), () -> load.okTouchingN2AfterRestart.get() >= 20 || !load.failures.isEmpty(),
                    () -> "transfers touching n2's accounts do not succeed again: " + load);
            load.awaitN1Answers(200, "after the restart");
            load.stopAndJoin();
            assertThat(load.failures).isEmpty();

            String expected = "{\"accounts\":" + ACCOUNTS + ",\"total\":" + ACCOUNTS * INITIAL + ",\"inDoubt\":0}";
            Await.until(T.multipliedBy(2), () -> expected.equals(body(bank, n1, "/total")),
                    () -> "after the load: " + body(bank, n1, "/total") + "; " + load);
            long sum = 0;
            for (int i = 0; i < ACCOUNTS; i++) {
                BankCluster.Reply r = bank.get(n1, "/accounts/a" + i);
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                Matcher m = BALANCE.matcher(r.body());
                assertThat(m.matches()).as("a" + i + " has a balance that is not negative: " + r.body()).isTrue();
                sum += Long.parseLong(m.group(1));
            }
            assertThat(sum).isEqualTo((long) ACCOUNTS * INITIAL);
            assertThat(body(bank, load.n2, "/total")).as("the other node agrees").isEqualTo(expected);
            System.out.println("BankClusterLoadIT: " + load + "; recovered by n1: "
                    + recovered(body(bank, n1, "/metrics")) + ", by n2: " + recovered(body(bank, load.n2, "/metrics")));
        }
    }

    private static List<String> recovered(String metrics) {
        return metrics.lines().filter(l -> l.startsWith("bank_transfers_recovered_total")).toList();
    }

    private static String body(BankCluster bank, int port, String path) {
        try {
            return bank.get(port, path).body();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
