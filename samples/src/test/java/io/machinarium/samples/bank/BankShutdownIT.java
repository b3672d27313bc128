package io.machinarium.samples.bank;

import static io.machinarium.samples.Clients.readyPort;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.testing.Await;
import io.machinarium.samples.ChildProcess;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Graceful shutdown of {@code bin/sample bank} under load: keep-alive clients send transfers without
 * pause, one more keep-alive connection sits idle, and the bank gets SIGTERM. The scenario runs once;
 * each test checks one promise: requests in flight get whole responses (with {@code Connection: close}),
 * new connections are refused soon after the signal, the idle connection is closed at once instead of
 * holding the shutdown, and the process exits 0 within the grace period. Before the signal the same
 * load runs once and the bank's total is checked after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BankShutdownIT {
    private static final int GRACE_MS = 3000;
    private static final int ACCOUNTS = 100;
    private static final long INITIAL = 1000;
    private static final int CLIENTS = 4;
    private static final int IO_TIMEOUT_MS = 15_000;

    private ChildProcess bank;
    private long totalAfterLoad;
    private Load load;
    private long signalAt;
    private int exitCode;
    private long exitMillis;
    private long idleClosedMillis = -1;

    @BeforeAll
    void loadSignalAndStop() throws Exception {
        bank = ChildProcess.sample("bank", "--listen", "127.0.0.1:0", "--machines", "2", "--accounts",
                String.valueOf(ACCOUNTS), "--initial-balance", String.valueOf(INITIAL), "--grace", String.valueOf(GRACE_MS));
        int port = readyPort(bank);

        Load warmUp = new Load(port);
        // warm the server up: a couple of thousand transfers (about half a second here)
        Await.until(Duration.ofSeconds(60), () -> warmUp.answered.get() >= 2_000 || !warmUp.failures.isEmpty(),
                () -> "the warm-up load had " + warmUp.answered.get() + " answers");
        warmUp.stopAndJoin();
        assertThat(warmUp.failures).as("failures before any signal").isEmpty();
        try (KeepAliveClient c = new KeepAliveClient(port, IO_TIMEOUT_MS)) {
            String body = c.send("GET", "/total", null).body();
            totalAfterLoad = Long.parseLong(body.replaceAll(".*\"total\":(\\d+).*", "$1"));
        }

        KeepAliveClient idle = new KeepAliveClient(port, IO_TIMEOUT_MS);
        assertThat(idle.send("GET", "/health", null).status()).isEqualTo(200);
        load = new Load(port);
        Load running = load;  // the signal comes while transfers are in flight on every client
        Await.until(Duration.ofSeconds(60), () -> running.answered.get() >= 1_000 || !running.failures.isEmpty(),
                () -> "the load had " + running.answered.get() + " answers");
        signalAt = System.nanoTime();
        load.signalledAt(signalAt);
        bank.signal("TERM");
        Thread idleWatch = new Thread(() -> {
            try {
                if (idle.closedByServer()) {
                    idleClosedMillis = (System.nanoTime() - signalAt) / 1_000_000;
                }
            } catch (IOException e) {
                // stays -1
            }
        }, "idle-watch");
        idleWatch.start();
        exitCode = bank.exitCode(Duration.ofMillis(GRACE_MS + 30_000));
        exitMillis = (System.nanoTime() - signalAt) / 1_000_000;
        load.join();
        idleWatch.join(IO_TIMEOUT_MS);
        idle.close();
        System.out.printf("bank shutdown: %d transfers before the signal, %d answered after it; refused %d ms after"
                        + " the signal; idle keep-alive closed after %d ms; exit %d after %d ms (grace %d ms)%n",
                load.answered.get() - load.answeredAfterSignal.get(), load.answeredAfterSignal.get(),
                load.refusedAfterMillis(), idleClosedMillis, exitCode, exitMillis, GRACE_MS);
    }

    @AfterAll
    void kill() throws InterruptedException {
        if (bank != null) {
            bank.close();
        }
    }

    @Test
    void moneyIsKeptUnderLoad() {
        assertThat(totalAfterLoad).isEqualTo(ACCOUNTS * INITIAL);
    }

    @Test
    void requestsInFlightGetWholeResponsesThatCloseTheConnection() {
        assertThat(load.failures).isEmpty();
        assertThat(load.statuses.keySet()).as("statuses of transfers between existing accounts").isSubsetOf(200, 409);
        assertThat(load.closedAfterSignal.get()).as("responses after the signal that said Connection: close")
                .isPositive();
    }

    @Test
    void newConnectionsAreRefusedSoonAfterTheSignal() {
        assertThat(load.refusedAfterMillis()).as("ms from the signal to the first refused connect")
                .isBetween(0L, 5000L);
    }

    @Test
    void anIdleKeepAliveConnectionDoesNotHoldTheShutdown() {
        assertThat(idleClosedMillis).as("ms from the signal until the idle connection was closed")
                .isBetween(0L, (long) GRACE_MS);
        assertThat(bank.stdout()).contains("all connections finished, exiting").doesNotContain("grace period over");
    }

    @Test
    void theProcessExitsZeroWithinTheGracePeriod() {
        assertThat(exitCode).isZero();
        assertThat(exitMillis).as("ms from the signal to the exit").isLessThan(GRACE_MS + 5000L);
    }

    /** Keep-alive clients sending random transfers without pause until a connect is refused. */
    private static final class Load {
        final List<Thread> threads = new ArrayList<>();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        final AtomicInteger answered = new AtomicInteger();
        final AtomicInteger answeredAfterSignal = new AtomicInteger();
        final AtomicInteger closedAfterSignal = new AtomicInteger();
        final AtomicLong firstRefusal = new AtomicLong(Long.MAX_VALUE);
        volatile boolean signalled;
        volatile boolean stop;
        private long signalAt;

        Load(int port) {
            for (int i = 0; i < CLIENTS; i++) {
                Random random = new Random(i);
                Thread t = new Thread(() -> run(port, random), "bank-client-" + i);
                threads.add(t);
                t.start();
            }
        }

        private void run(int port, Random random) {
            KeepAliveClient c = null;
            int answeredHere = 0;
            try {
                while (!stop) {
                    if (c == null) {
                        try {
                            c = new KeepAliveClient(port, IO_TIMEOUT_MS);
                            answeredHere = 0;
                        } catch (ConnectException e) {
                            if (!signalled) {
                                failures.add("connect refused before the signal: " + e);
                            }
                            firstRefusal.accumulateAndGet(System.nanoTime(), Math::min);
                            return;
                        }
                    }
                    int from = random.nextInt(ACCOUNTS);
                    int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                    String transfer = "{\"from\":\"a" + from + "\",\"to\":\"a" + to + "\",\"amount\":"
                            + (1 + random.nextInt(50)) + "}";
                    KeepAliveClient.Response r = c.send("POST", "/transfers", transfer);
                    if (r == null) {
                        // Closed with no byte of an answer. On a connection already answered that drops a
                        // request in flight; on a fresh one after the signal, the server never took it.
                        if (answeredHere > 0 || !signalled) {
                            failures.add("a request on a connection with " + answeredHere + " answers got none");
                        }
                        c.close();
                        c = null;
                        continue;
                    }
                    answeredHere++;
                    answered.incrementAndGet();
                    statuses.merge(r.status(), 1, Integer::sum);
                    if (signalled) {
                        answeredAfterSignal.incrementAndGet();
                    }
                    if (r.close()) {
                        if (signalled) {
                            closedAfterSignal.incrementAndGet();
                        }
                        c.close();
                        c = null;
                    }
                }
            } catch (IOException e) {
                failures.add(Thread.currentThread().getName() + ": " + e);
            } finally {
                try {
                    if (c != null) {
                        c.close();
                    }
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }

        void signalledAt(long nanos) {
            signalAt = nanos;
            signalled = true;
        }

        void stopAndJoin() throws InterruptedException {
            stop = true;
            join();
        }

        void join() throws InterruptedException {
            for (Thread t : threads) {
                t.join(IO_TIMEOUT_MS * 2L);
                if (t.isAlive()) {
                    failures.add(t.getName() + " still runs");
                }
            }
        }

        long refusedAfterMillis() {
            long at = firstRefusal.get();
            return at == Long.MAX_VALUE ? -1 : (at - signalAt) / 1_000_000;
        }
    }
}
