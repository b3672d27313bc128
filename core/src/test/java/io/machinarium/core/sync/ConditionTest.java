package io.machinarium.core.sync;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.CancelledException;
import io.machinarium.core.Coroutine;
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

/**
 * {@link Condition} as machinarium defines it: a signal wakes every waiter, passes along a chain of
 * propagation once per condition, and tells each waiter whether it came through propagation. Each test runs
 * on one machine: a coroutine that yields once lets every coroutine it spawned run up to its wait.
 */
@MachinariumTest(machines = 2)
class ConditionTest {
    private static final Duration SHORT = Duration.ofMillis(5);
    private Machinarium rt;

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
    }

    /** Runs {@code body} in a coroutine of machine 0 and waits for it. */
    private void onMachine(Runnable body) {
        rt.machine(0).spawn(body).join(T);
    }

    /** Spawns a coroutine that waits on {@code c} and records how it was woken. */
    private static Coroutine waiter(Condition c, List<String> log, String name) {
        return Machine.current().spawn(name, () -> log.add(name + " " + c.await(T)));
    }

    @Test
    void oneSignalWakesEveryWaiter() {
        List<String> log = new ArrayList<>();
        onMachine(() -> {
            Condition c = new Condition();
            List<Coroutine> waiters = List.of(waiter(c, log, "w1"), waiter(c, log, "w2"), waiter(c, log, "w3"));
            Coroutine.yieldNow();  // all three wait now
            c.signal();
            waiters.forEach(Coroutine::join);
        });
        assertThat(log).containsExactly("w1 SIGNALLED", "w2 SIGNALLED", "w3 SIGNALLED");
    }

    @Test
    void aSignalWithNobodyWaitingIsKeptForTheNextWaitAndSignalsDoNotAddUp() {
        List<Object> log = new ArrayList<>();
        onMachine(() -> {
            Condition c = new Condition();
            c.signal();
            c.signal();
            log.add(c.await(Duration.ZERO));
            assertThatThrownBy(() -> c.await(SHORT)).isInstanceOf(TimedOutException.class);
            log.add("second wait timed out");
        });
        assertThat(log).containsExactly(ConditionWake.SIGNALLED, "second wait timed out");
    }

    @Test
    void aSignalThatWokeWaitersIsNotKeptPending() {
        onMachine(() -> {
            Condition c = new Condition();
            Coroutine w = waiter(c, new ArrayList<>(), "w");
            Coroutine.yieldNow();
            c.signal();
            w.join();
            assertThatThrownBy(() -> c.await(SHORT)).isInstanceOf(TimedOutException.class);
        });
    }

    @Test
    void aWaiterWokenThroughPropagationIsToldSo() {
        List<String> log = new ArrayList<>();
        onMachine(() -> {
            Condition source = new Condition();
            Condition any = new Condition();
            source.propagate(any);
            Coroutine onSource = waiter(source, log, "on source");
            Coroutine onAny = waiter(any, log, "on any");
            Coroutine.yieldNow();
            source.signal();
            onSource.join();
            onAny.join();
        });
        assertThat(log).containsExactlyInAnyOrder("on source SIGNALLED", "on any PROPAGATED");
    }

    @Test
    void aSignalTravelsAlongAChainOfConditions() {
        List<String> log = new ArrayList<>();
        onMachine(() -> {
            Condition a = new Condition();
            Condition b = new Condition();
            Condition c = new Condition();
            a.propagate(b);
            b.propagate(c);
            List<Coroutine> waiters = List.of(waiter(b, log, "b"), waiter(c, log, "c"), waiter(c, log, "c2"));
            Coroutine.yieldNow();
            a.signal();
            waiters.forEach(Coroutine::join);
            assertThat(a.await(Duration.ZERO)).as("a had no waiter: its signal is pending")
                    .isEqualTo(ConditionWake.SIGNALLED);
        });
        assertThat(log).containsExactlyInAnyOrder("b PROPAGATED", "c PROPAGATED", "c2 PROPAGATED");
    }

    @Test
    void aPropagatedSignalWithNobodyWaitingIsKeptAsPropagated() {
        List<Object> log = new ArrayList<>();
        onMachine(() -> {
            Condition source = new Condition();
            Condition any = new Condition();
            source.propagate(any);
            source.signal();
            log.add(any.await(Duration.ZERO));
            log.add(source.await(Duration.ZERO));
        });
        assertThat(log).containsExactly(ConditionWake.PROPAGATED, ConditionWake.SIGNALLED);
    }

    @Test
    void aPendingDirectSignalIsNotDowngradedByAPropagatedOne() {
        AtomicReference<ConditionWake> got = new AtomicReference<>();
        onMachine(() -> {
            Condition source = new Condition();
            Condition any = new Condition();
            source.propagate(any);
            any.signal();
            source.signal();
            got.set(any.await(Duration.ZERO));
        });
        assertThat(got.get()).isEqualTo(ConditionWake.SIGNALLED);
    }

    @Test
    void aCycleOfPropagationEndsAndReachesEachConditionOnce() {
        List<String> log = new ArrayList<>();
        onMachine(() -> {
            Condition a = new Condition();
            Condition b = new Condition();
            a.propagate(b);
            b.propagate(a);
            Coroutine onA = waiter(a, log, "a");
            Coroutine onB = waiter(b, log, "b");
            Coroutine.yieldNow();
            a.signal();  // returns: the chain a -> b -> a stops at a
            onA.join();
            onB.join();
            // reached a second time, a (whose waiter was already woken) would have kept the signal pending
            assertThatThrownBy(() -> a.await(SHORT)).isInstanceOf(TimedOutException.class);
            assertThatThrownBy(() -> b.await(SHORT)).isInstanceOf(TimedOutException.class);
            b.signal();  // and the other way round
            assertThat(b.await(Duration.ZERO)).isEqualTo(ConditionWake.SIGNALLED);
            assertThat(a.await(Duration.ZERO)).isEqualTo(ConditionWake.PROPAGATED);
            assertThatThrownBy(() -> b.await(SHORT)).isInstanceOf(TimedOutException.class);
        });
        assertThat(log).containsExactlyInAnyOrder("a SIGNALLED", "b PROPAGATED");
    }

    @Test
    void aConditionThatPropagatesToItselfIsSignalledOnce() {
        onMachine(() -> {
            Condition a = new Condition();
            a.propagate(a);
            a.signal();
            assertThat(a.await(Duration.ZERO)).isEqualTo(ConditionWake.SIGNALLED);
            assertThatThrownBy(() -> a.await(SHORT)).isInstanceOf(TimedOutException.class);
        });
    }

    @Test
    void propagatingFromAConditionWithAPendingSignalPassesTheSignalOnAndKeepsIt() {
        List<String> log = new ArrayList<>();
        onMachine(() -> {
            Condition source = new Condition();
            Condition any = new Condition();
            Condition further = new Condition();
            any.propagate(further);
            source.signal();  // nobody waits, nothing to propagate to yet: pending
            Coroutine onAny = waiter(any, log, "on any");
            Coroutine.yieldNow();
            source.propagate(any);
            onAny.join();
            log.add("source " + source.await(Duration.ZERO));
            log.add("further " + further.await(Duration.ZERO));
        });
        assertThat(log).containsExactly("on any PROPAGATED", "source SIGNALLED", "further PROPAGATED");
    }

    @Test
    void propagationCanBeStopped() {
        onMachine(() -> {
            Condition source = new Condition();
            Condition any = new Condition();
            source.propagate(any);
            source.propagate(null);
            source.signal();
            assertThatThrownBy(() -> any.await(SHORT)).isInstanceOf(TimedOutException.class);
        });
    }

    @Test
    void aWaitThatTimesOutOrIsCancelledThrowsAndTheSignalAfterItIsKept() {
        AtomicReference<Throwable> cancelled = new AtomicReference<>();
        onMachine(() -> {
            Condition c = new Condition();
            assertThatThrownBy(() -> c.await(SHORT)).isInstanceOf(TimedOutException.class)
                    .hasMessageContaining("not signalled within");
            Coroutine w = Machine.current().spawn(() -> {
                try {
                    c.await(T);
                } catch (CancelledException e) {
                    cancelled.set(e);
                }
            });
            Coroutine.yieldNow();
            w.cancel();
            w.join();
            c.signal();  // its only waiter left: the signal is pending
            assertThat(c.await(Duration.ZERO)).isEqualTo(ConditionWake.SIGNALLED);
        });
        assertThat(cancelled.get()).isInstanceOf(CancelledException.class);
    }

    @Test
    void aConditionIsConfinedToItsMachine() {
        AtomicReference<Condition> ref = new AtomicReference<>();
        rt.machine(0).spawn(() -> ref.set(new Condition())).join(T);
        assertThatThrownBy(() -> ref.get().signal()).isInstanceOf(MisuseException.class)
                .hasMessageContaining("belongs to machine");
        AtomicReference<Throwable> caught = new AtomicReference<>();
        rt.machine(1).spawn(() -> {
            try {
                new Condition().propagate(ref.get());
            } catch (MisuseException e) {
                caught.set(e);
            }
        }).join(T);
        assertThat(caught.get()).isInstanceOf(MisuseException.class)
                .hasMessageContaining("can only propagate to a condition of its own machine");
        assertThatThrownBy(Condition::new).isInstanceOf(MisuseException.class);
    }
}
