package io.machinarium.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.Machine;
import io.machinarium.core.channel.SharedChannel;
import io.machinarium.core.sync.WaitFlag;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

@MachinariumTest
class AwaitTest {
    @Test
    void blockedOnReturnsOnceTheCoroutineWaitsOnThatThing(Machinarium rt) {
        SharedChannel<String> ch = new SharedChannel<>();
        Coroutine reader = rt.machine(0).spawn(() -> ch.read(Timeouts.LONG));
        Await.blockedOn(reader, ch);
        assertThat(reader.waitingOn()).isEqualTo(ch.toString());
        ch.write("x");
        reader.join(Timeouts.T);
    }

    @Test
    void blockedOnFailsWithTheFailureOfACoroutineThatFinishedInstead(Machinarium rt) {
        Coroutine c = rt.machine(0).spawn(() -> {
            throw new IllegalStateException("boom");
        });
        assertThatThrownBy(() -> Await.blockedOn(c, new Object())).isInstanceOf(AssertionError.class)
                .hasMessageContaining("finished instead of blocking").hasRootCauseMessage("boom");
    }

    @Test
    @MachinariumTest(virtualTime = true)
    void nothingWithinPassesWhenTheEventComesAfterTheWindow(Machinarium rt) {
        Machine m = rt.machine(0);
        AtomicBoolean fired = new AtomicBoolean();
        Runnable tenMinuteTimer = () -> m.spawn(() -> {
            Coroutine.sleep(Duration.ofMinutes(10));
            fired.set(true);
        });
        Await.nothingWithin(m, Duration.ofMinutes(9), tenMinuteTimer, fired::get, "the ten-minute timer");
        assertThat(m.virtualTimeElapsed()).isGreaterThanOrEqualTo(Duration.ofMinutes(9));
        Await.until("the timer fired at ten minutes", fired::get);
    }

    @Test
    @MachinariumTest(virtualTime = true)
    void nothingWithinFailsWhenTheEventComesInsideTheWindowEvenIfLateInIt(Machinarium rt) {
        Machine m = rt.machine(0);
        AtomicBoolean fired = new AtomicBoolean();
        Runnable lateTimer = () -> m.spawn(() -> {
            Coroutine.sleep(Duration.ofSeconds(59));
            fired.set(true);
        });
        assertThatThrownBy(() -> Await.nothingWithin(m, Duration.ofMinutes(1), lateTimer, fired::get, "the late timer"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("the late timer happened within");
    }

    @Test
    void nothingWithinRefusesARuntimeOnRealTime(Machinarium rt) {
        assertThatThrownBy(() -> Await.nothingWithin(rt.machine(0), Duration.ofSeconds(1), () -> { }, () -> false, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("virtual time");
    }

    @Test
    void parkedReturnsOnceAThreadWaitsInAPrimitive() throws InterruptedException {
        WaitFlag flag = new WaitFlag();
        Thread t = new Thread(() -> flag.await(Timeouts.LONG));
        t.start();
        Await.parked(t);
        flag.set();
        t.join(Timeouts.T.toMillis());
        assertThat(t.isAlive()).isFalse();
    }
}
