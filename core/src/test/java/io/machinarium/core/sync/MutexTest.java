package io.machinarium.core.sync;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.testing.Await;
import io.machinarium.core.CancelledException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.CoroutineState;
import io.machinarium.core.Machinarium;
import io.machinarium.core.Machine;
import io.machinarium.core.MisuseException;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.testing.MachinariumTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MachinariumTest(machines = 2)
class MutexTest {
    private Machinarium rt;

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
    }

    @Test
    void coroutinesOfOneMachineExcludeEachOtherAcrossSuspensions() {
        Mutex mutex = new Mutex();
        int[] inside = new int[1];
        int[] maxInside = new int[1];
        List<Coroutine> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(rt.machine(0).spawn(() -> {
                for (int k = 0; k < 10; k++) {
                    mutex.lock();
                    try {
                        inside[0]++;
                        maxInside[0] = Math.max(maxInside[0], inside[0]);
                        Coroutine.sleep(0);
                        inside[0]--;
                    } finally {
                        mutex.unlock();
                    }
                }
            }));
        }
        all.forEach(c -> c.join(T));
        assertThat(maxInside[0]).isEqualTo(1);
        assertThat(mutex.isLocked()).isFalse();
    }

    @Test
    void coroutinesOnSeveralMachinesAndPlainThreadsShareOneMutex() throws Exception {
        Mutex mutex = new Mutex();
        long[] counter = new long[1];
        List<Coroutine> coroutines = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            coroutines.add(rt.machine(i % 2).spawn(() -> {
                for (int k = 0; k < 5_000; k++) {
                    mutex.lock();
                    counter[0]++;
                    mutex.unlock();
                }
            }));
        }
        Thread[] threads = new Thread[2];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int k = 0; k < 5_000; k++) {
                    mutex.lock();
                    counter[0]++;
                    mutex.unlock();
                }
            });
            threads[t].start();
        }
        coroutines.forEach(c -> c.join(T));
        for (Thread t : threads) {
            t.join();
        }
        mutex.lock();
        assertThat(counter[0]).isEqualTo(50_000);
        mutex.unlock();
    }

    @Test
    void lockWithATimeoutGivesUpWithTimedOutException() {
        Mutex mutex = new Mutex();
        mutex.lock();
        AtomicReference<Throwable> caught = new AtomicReference<>();
        rt.machine(0).spawn(() -> {
            try {
                mutex.lock(Duration.ofMillis(20));
            } catch (TimedOutException e) {
                caught.set(e);
            }
        }).join(T);
        assertThat(caught.get()).isInstanceOf(TimedOutException.class);
        mutex.unlock();
        assertThat(mutex.isLocked()).isFalse();
        assertThat(mutex.tryLock()).isTrue();
        mutex.unlock();
    }

    @Test
    void aCancelledWaiterDoesNotGetTheLockAndTheNextOneDoes() {
        Mutex mutex = new Mutex();
        mutex.lock();
        AtomicReference<Throwable> caught = new AtomicReference<>();
        Coroutine cancelled = rt.machine(0).spawn(() -> {
            try {
                mutex.lock();
            } catch (CancelledException e) {
                caught.set(e);
            }
        });
        Await.blocked(cancelled);
        Coroutine next = rt.machine(1).spawn(() -> {
            mutex.lock();
            mutex.unlock();
        });
        cancelled.cancel();
        cancelled.join(T);
        mutex.unlock();
        next.join(T);
        assertThat(caught.get()).isInstanceOf(CancelledException.class);
        assertThat(mutex.isLocked()).isFalse();
    }

    @Test
    void unlockingAMutexOneDoesNotHoldAndRelockingAreMisuses() {
        Mutex mutex = new Mutex();
        assertThatThrownBy(mutex::unlock).isInstanceOf(MisuseException.class).hasMessageContaining("does not hold");
        mutex.lock();
        assertThatThrownBy(mutex::lock).isInstanceOf(MisuseException.class).hasMessageContaining("not reentrant");
        AtomicReference<Throwable> caught = new AtomicReference<>();
        rt.machine(0).spawn(() -> {
            try {
                mutex.unlock();
            } catch (MisuseException e) {
                caught.set(e);
            }
        }).join(T);
        assertThat(caught.get()).isInstanceOf(MisuseException.class);
        mutex.unlock();
    }

    @Test
    void aWaiterThatKeepsLosingTheRaceIsHandedTheLockAfterABoundedNumberOfBarges() {
        Mutex mutex = new Mutex();
        int[] barges = new int[1];
        boolean[] waiterGotIt = new boolean[1];
        rt.machine(0).spawn(() -> {
            mutex.lock();
            Coroutine waiter = Machine.current().spawn(() -> {
                mutex.lock();
                waiterGotIt[0] = true;
                mutex.unlock();
            });
            Coroutine.yieldNow();  // the waiter queues
            // Each round: unlock wakes the waiter, the holder retakes the lock before the waiter runs, and
            // yields so that the waiter retries and loses. The cap only keeps the unfixed code from looping.
            for (int round = 0; round < 1_000; round++) {
                mutex.unlock();
                if (!mutex.tryLock()) {
                    break;
                }
                barges[0]++;
                Coroutine.yieldNow();
            }
            if (barges[0] == 1_000) {
                mutex.unlock();  // starved: let the waiter finish so that the assertion below reports it
            }
            waiter.join(T);
        }).join(T);
        assertThat(waiterGotIt[0]).isTrue();
        assertThat(barges[0]).as("barges past a queued waiter before it was handed the lock")
                .isLessThanOrEqualTo(Mutex.RACES_BEFORE_HAND_OFF);
        assertThat(mutex.isLocked()).isFalse();
    }

    @Test
    void unlockLeavesTheOtherWaitersAsleepWhileAWokenOneHasNotRetried() {
        Mutex mutex = new Mutex();
        CoroutineState[] second = new CoroutineState[1];
        rt.machine(0).spawn(() -> {
            mutex.lock();
            Coroutine w1 = Machine.current().spawn(() -> {
                mutex.lock();
                mutex.unlock();
            });
            Coroutine w2 = Machine.current().spawn(() -> {
                mutex.lock();
                mutex.unlock();
            });
            Coroutine.yieldNow();  // both queue, w1 first
            mutex.unlock();        // wakes w1, which cannot run before this coroutine yields
            assertThat(mutex.tryLock()).isTrue();
            mutex.unlock();        // w1 has not retried yet: waking w2 too would be a wasted wake-up
            assertThat(mutex.tryLock()).isTrue();
            second[0] = w2.state();
            mutex.unlock();
            w1.join(T);
            w2.join(T);
        }).join(T);
        assertThat(second[0]).isEqualTo(CoroutineState.WAITING);
        assertThat(mutex.isLocked()).isFalse();
    }

    @Test
    void waitersWithShortTimeoutsOnTwoMachinesAndAThreadLoseNoWakeUpAndNoIncrement() throws Exception {
        Mutex mutex = new Mutex();
        long[] counter = new long[1];
        Runnable body = () -> {
            for (int k = 0; k < 2_000; k++) {
                for (;;) {
                    try {
                        mutex.lock(Duration.ofNanos(k % 7 == 0 ? 1_000 : 200_000));
                        break;
                    } catch (TimedOutException e) {
                        // try again: a timed-out waiter must leave no trace in the queue
                    }
                }
                counter[0]++;
                if (k % 50 == 0 && Coroutine.current() != null) {
                    Coroutine.yieldNow();  // hold the lock across a suspension now and then
                }
                mutex.unlock();
            }
        };
        List<Coroutine> coroutines = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            coroutines.add(rt.machine(i % 2).spawn(body));
        }
        Thread thread = new Thread(body);
        thread.start();
        coroutines.forEach(c -> c.join(T));
        thread.join(T.toMillis());
        assertThat(thread.isAlive()).isFalse();
        assertThat(counter[0]).isEqualTo(7 * 2_000);
        assertThat(mutex.isLocked()).isFalse();
        assertThat(mutex.queuedWaiters()).isZero();
    }
}
