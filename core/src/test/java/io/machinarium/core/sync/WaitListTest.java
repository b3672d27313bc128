package io.machinarium.core.sync;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.testing.Await;
import io.machinarium.core.Coroutine;
import io.machinarium.core.CoroutineState;
import io.machinarium.core.Machinarium;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.testing.MachinariumTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** machinarium's wait list cases, on coroutines and on threads. */
@MachinariumTest(machines = 2)
class WaitListTest {
    private Machinarium rt;

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
    }

    private static void awaitWaiting(Coroutine c) {
        Await.blocked(c);
    }

    @Test
    void waitWithoutNotifyTimesOut() {
        WaitList<Void> wl = new WaitList<>();
        long[] waited = new long[1];
        rt.machine(0).spawn(() -> {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> wl.await(Duration.ofMillis(30))).isInstanceOf(TimedOutException.class);
            waited[0] = System.nanoTime() - t0;
        }).join(T);
        assertThat(waited[0]).isGreaterThanOrEqualTo(Duration.ofMillis(30).toNanos());
    }

    @Test
    void notifyAfterWaitWakesTheWaiter() {
        WaitList<Void> wl = new WaitList<>();
        Coroutine waiter = rt.machine(0).spawn(() -> wl.await(T));
        awaitWaiting(waiter);
        assertThat(wl.wakeOne()).isTrue();
        waiter.join(T);
    }

    @Test
    void notifyAfterCompareWaitWakesTheWaiter() {
        WaitList<Void> wl = new WaitList<>();
        AtomicBoolean result = new AtomicBoolean();
        Coroutine waiter = rt.machine(0).spawn(() -> result.set(wl.compareWait(0, T)));
        awaitWaiting(waiter);
        wl.word().set(1);
        wl.wakeOne();
        waiter.join(T);
        assertThat(result.get()).isTrue();
    }

    @Test
    void compareWaitWithAWrongValueReturnsAtOnce() {
        WaitList<Void> wl = new WaitList<>(new AtomicLong(7));
        AtomicBoolean result = new AtomicBoolean(true);
        long[] took = new long[1];
        rt.machine(0).spawn(() -> {
            long t0 = System.nanoTime();
            result.set(wl.compareWait(6, Duration.ofSeconds(10)));
            took[0] = System.nanoTime() - t0;
        }).join(T);
        assertThat(result.get()).isFalse();
        assertThat(took[0]).as("returned before its 10 s timeout").isLessThan(Duration.ofSeconds(10).toNanos());
    }

    @Test
    void notifyAllWakesEveryWaiterOnCoroutinesAndThreads() throws Exception {
        WaitList<Void> wl = new WaitList<>();
        List<Coroutine> coroutines = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            coroutines.add(rt.machine(i % 2).spawn(() -> wl.await(T)));
        }
        Thread thread = new Thread(() -> wl.await(T));
        thread.start();
        coroutines.forEach(WaitListTest::awaitWaiting);
        Await.parked(thread);
        assertThat(wl.wakeAll()).isEqualTo(7);
        coroutines.forEach(c -> c.join(T));
        thread.join(10_000);
        assertThat(thread.isAlive()).isFalse();
    }

    @Test
    void oneProducerManyConsumersOnCoroutines() {
        producerWithConsumers(false);
    }

    @Test
    void oneProducerManyConsumersOnThreads() {
        producerWithConsumers(true);
    }

    /** Consumers take items counted in the word; the producer adds items and notifies. */
    private void producerWithConsumers(boolean threads) {
        int items = 5_000;
        int consumers = 4;
        AtomicLong available = new AtomicLong();
        WaitList<Void> wl = new WaitList<>(available);
        AtomicInteger consumed = new AtomicInteger();
        Runnable consumer = () -> {
            for (;;) {
                long seen = available.get();
                if (seen == -1) {
                    return;
                }
                if (seen > 0) {
                    if (available.compareAndSet(seen, seen - 1)) {
                        consumed.incrementAndGet();
                    }
                    continue;
                }
                wl.compareWait(0, Duration.ofSeconds(1));
            }
        };
        List<Thread> ts = new ArrayList<>();
        List<Coroutine> cs = new ArrayList<>();
        for (int i = 0; i < consumers; i++) {
            if (threads) {
                Thread t = new Thread(consumer);
                t.start();
                ts.add(t);
            } else {
                cs.add(rt.machine(i % 2).spawn(consumer));
            }
        }
        Coroutine producer = rt.machine(0).spawn(() -> {
            for (int i = 0; i < items; i++) {
                available.incrementAndGet();
                wl.wakeOne();
                if (i % 64 == 0) {
                    Coroutine.yieldNow();
                }
            }
            while (consumed.get() < items) {
                Coroutine.sleep(1);
            }
            available.set(-1);
            wl.wakeAll();
        });
        producer.join(T);
        cs.forEach(c -> c.join(T));
        ts.forEach(t -> {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(consumed.get()).isEqualTo(items);
    }

    /** What a waiter offers: the notifier puts a job into it. */
    private static final class Slot {
        String job;
    }

    @Test
    void wakeOneHandsTheWokenWaitersValueToTheCallbackBeforeItsWaitReturns() {
        WaitList<Slot> idle = new WaitList<>();
        AtomicReference<String> ran = new AtomicReference<>();
        Coroutine worker = rt.machine(0).spawn(() -> {
            Slot mine = new Slot();
            idle.await(mine, T);
            ran.set(mine.job);
        });
        awaitWaiting(worker);
        assertThat(idle.wakeOne(slot -> slot.job = "job-1")).isTrue();
        worker.join(T);
        assertThat(ran.get()).isEqualTo("job-1");
    }

    @Test
    void aThreadWaiterGetsItsValueHandedOverToo() throws Exception {
        WaitList<Slot> idle = new WaitList<>();
        AtomicReference<String> ran = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            Slot mine = new Slot();
            assertThat(idle.compareWait(0, mine, T)).isTrue();
            ran.set(mine.job);
        });
        worker.start();
        Await.parked(worker);
        idle.word().set(1);
        assertThat(idle.wakeOne(slot -> slot.job = "job-2")).isTrue();
        worker.join(10_000);
        assertThat(ran.get()).isEqualTo("job-2");
    }

    @Test
    void wakeAllHandsEveryWaitersValueOldestFirst() {
        WaitList<String> wl = new WaitList<>();
        List<Coroutine> waiters = new ArrayList<>();
        for (String name : List.of("first", "second", "third")) {
            Coroutine c = rt.machine(waiters.size() % 2).spawn(() -> wl.await(name, T));
            awaitWaiting(c);
            waiters.add(c);
        }
        List<String> handed = new ArrayList<>();
        assertThat(wl.wakeAll(handed::add)).isEqualTo(3);
        waiters.forEach(c -> c.join(T));
        assertThat(handed).containsExactly("first", "second", "third");
    }

    @Test
    void withNobodyWaitingOrAWordThatChangedNoCallbackRuns() {
        WaitList<String> wl = new WaitList<>(new AtomicLong(1));
        List<String> handed = new ArrayList<>();
        assertThat(wl.wakeOne(handed::add)).isFalse();
        assertThat(wl.compareWait(0, "stale", T)).isFalse();
        assertThat(wl.wakeOne(handed::add)).isFalse();
        assertThat(wl.wakeAll(handed::add)).isZero();
        assertThat(handed).isEmpty();
    }

    @Test
    void aWaiterWhoseTimeoutStrikesWhileANotifierTakesItIsNotifiedNotTimedOut() throws Exception {
        WaitList<Slot> wl = new WaitList<>();
        AtomicReference<Object> result = new AtomicReference<>();
        Slot mine = new Slot();
        Coroutine waiter = rt.machine(0).spawn(() -> {
            try {
                wl.await(mine, Duration.ofMillis(50));
                result.set("notified with " + mine.job);
            } catch (TimedOutException e) {
                result.set(e);
            }
        });
        awaitWaiting(waiter);
        // the callback holds the notification until the waiter's timeout has fired and it resumed
        assertThat(wl.wakeOne(slot -> {
            // runs on this test thread, the waker's
            Await.until("the waiter's timeout fired and it resumed", () -> waiter.state() != CoroutineState.WAITING);
            slot.job = "job-3";
        })).isTrue();
        waiter.join(T);
        assertThat(result.get()).isEqualTo("notified with job-3");
    }

    @Test
    void aCallbackThatThrowsStillWakesTheWaiterAndTheExceptionReachesTheNotifier() {
        WaitList<String> wl = new WaitList<>();
        Coroutine waiter = rt.machine(0).spawn(() -> wl.await("v", T));
        awaitWaiting(waiter);
        assertThatThrownBy(() -> wl.wakeOne(v -> {
            throw new IllegalStateException("callback failed on " + v);
        })).isInstanceOf(IllegalStateException.class).hasMessage("callback failed on v");
        waiter.join(T);
    }
}
