package io.machinarium.core.signal;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.testing.Await;
import io.machinarium.core.CancelledException;
import io.machinarium.core.ClosedException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.testing.MachinariumTest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MachinariumTest
class SignalWaitTest {
    private Machinarium rt;

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
    }

    /**
     * Opens a wait, or skips the test when the environment ignores one of the signals (the tests run under
     * nohup, say): the process can then never receive it, and open refuses, as it should.
     */
    private static SignalWait open(Signal... signals) {
        try {
            return SignalWait.open(signals);
        } catch (SignalIgnoredException e) {
            Assumptions.abort("skipped: this test process ignores SIG" + e.signal()
                    + " (started under nohup or with the signal trapped as ignored), so it cannot receive it: "
                    + e.getMessage());
            throw e;
        }
    }

    private static void kill(String signal) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(ProcessHandle.current().pid()))
                .inheritIO().start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void aCoroutineReceivesASignalTheProcessSendsItself() throws Exception {
        try (SignalWait signals = open(Signal.HUP, Signal.TERM)) {
            AtomicReference<Signal> got = new AtomicReference<>();
            Coroutine waiter = rt.machine(0).spawn(() -> got.set(signals.await(T)));
            Await.blocked(waiter);
            kill("HUP");
            waiter.join(T);
            assertThat(got.get()).isEqualTo(Signal.HUP);
        }
    }

    @Test
    void aSignalThatArrivesBeforeAnyoneWaitsIsKeptForTheNextWaiter() throws Exception {
        try (SignalWait signals = open(Signal.HUP)) {
            kill("HUP");
            assertThat(signals.await(T)).isEqualTo(Signal.HUP);
        }
    }

    @Test
    void waitingWithATimeoutAndNoSignalThrowsTimedOutException() {
        try (SignalWait signals = open(Signal.HUP)) {
            AtomicReference<Throwable> caught = new AtomicReference<>();
            rt.machine(0).spawn(() -> {
                try {
                    signals.await(Duration.ofMillis(30));
                } catch (TimedOutException e) {
                    caught.set(e);
                }
            }).join(T);
            assertThat(caught.get()).hasMessageContaining("no signal of [HUP] arrived within PT0.03S");
        }
    }

    @Test
    void aCancelledWaiterGetsCancelledException() {
        try (SignalWait signals = open(Signal.HUP)) {
            AtomicReference<Throwable> caught = new AtomicReference<>();
            Coroutine c = rt.machine(0).spawn(() -> {
                try {
                    signals.await();
                } catch (CancelledException e) {
                    caught.set(e);
                }
            });
            Await.blocked(c);
            c.cancel();
            c.join(T);
            assertThat(caught.get()).isInstanceOf(CancelledException.class);
        }
    }

    @Test
    void closingWakesWaitersWithClosedException() throws Exception {
        SignalWait signals = open(Signal.HUP);
        AtomicReference<Throwable> caught = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                signals.await(T);
            } catch (ClosedException e) {
                caught.set(e);
            }
        });
        t.start();
        Await.parked(t);
        signals.close();
        t.join(10_000);
        assertThat(caught.get()).isInstanceOf(ClosedException.class);
        assertThatThrownBy(() -> signals.await(Duration.ZERO)).isInstanceOf(ClosedException.class);
    }
}
