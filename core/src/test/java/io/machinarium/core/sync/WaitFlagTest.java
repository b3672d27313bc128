package io.machinarium.core.sync;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.testing.MachinariumTest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link WaitFlag}, on coroutines of two machines and on the test thread. */
@MachinariumTest(machines = 2)
class WaitFlagTest {
    private Machinarium rt;

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
    }

    @Test
    void waitFlagSimple() {
        WaitFlag flag = new WaitFlag();
        Coroutine waiter = rt.machine(0).spawn(() -> flag.await(T));
        rt.machine(1).spawn(() -> {
            Coroutine.sleep(5);
            flag.set();
        });
        waiter.join(T);
        assertThat(flag.isSet()).isTrue();
        flag.await(Duration.ZERO);
    }

    @Test
    void waitFlagTimeout() {
        WaitFlag flag = new WaitFlag();
        assertThatThrownBy(() -> flag.await(Duration.ofMillis(10))).isInstanceOf(TimedOutException.class);
        assertThat(flag.isSet()).isFalse();
    }
}
