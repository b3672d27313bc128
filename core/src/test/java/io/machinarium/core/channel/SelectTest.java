package io.machinarium.core.channel;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.testing.Await;
import io.machinarium.core.CancelledException;
import io.machinarium.core.ClosedException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.CoroutineState;
import io.machinarium.core.Machinarium;
import io.machinarium.core.Machine;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.testing.MachinariumTest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MachinariumTest(machines = 2)
class SelectTest {
    private Machinarium rt;

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
    }

    @Test
    void aQueuedMessageIsTakenFromTheFirstReadyChannelOnly() {
        SharedChannel<String> a = new SharedChannel<>();
        SharedChannel<String> b = new SharedChannel<>();
        b.write("b1");
        a.write("a1");
        Selected<String> s = Select.read(T, a, b);
        assertThat(s).isEqualTo(new Selected<>(0, "a1"));
        assertThat(b.size()).isEqualTo(1);
        assertThat(Select.read(T, a, b)).isEqualTo(new Selected<>(1, "b1"));
    }

    @Test
    void aWaitingSelectIsWokenByAnyChannelAndConsumesNothingFromTheOthers() {
        SharedChannel<String> a = new SharedChannel<>();
        SharedChannel<String> b = new SharedChannel<>();
        AtomicReference<Selected<String>> got = new AtomicReference<>();
        Coroutine selector = rt.machine(0).spawn(() -> got.set(Select.read(T, a, b)));
        Await.blocked(selector);
        rt.machine(1).spawn(() -> b.write("from b")).join(T);
        selector.join(T);
        assertThat(got.get()).isEqualTo(new Selected<>(1, "from b"));
        a.write("for a later reader");
        b.write("for b later reader");
        assertThat(a.poll()).isEqualTo("for a later reader");
        assertThat(b.poll()).isEqualTo("for b later reader");
    }

    @Test
    void selectMixesLocalAndSharedChannels() {
        SharedChannel<String> shared = new SharedChannel<>();
        AtomicReference<Selected<String>> got = new AtomicReference<>();
        rt.machine(0).spawn(() -> {
            LocalChannel<String> local = new LocalChannel<>();
            Machine.current().spawn(() -> {
                Coroutine.sleep(5);
                local.write("local");
            });
            got.set(Select.read(T, shared, local));
        }).join(T);
        assertThat(got.get()).isEqualTo(new Selected<>(1, "local"));
    }

    @Test
    void aSelectTimesOutOrIsCancelled() {
        SharedChannel<String> a = new SharedChannel<>();
        SharedChannel<String> b = new SharedChannel<>();
        assertThatThrownBy(() -> Select.read(Duration.ofMillis(20), a, b)).isInstanceOf(TimedOutException.class);
        AtomicReference<Throwable> caught = new AtomicReference<>();
        Coroutine c = rt.machine(0).spawn(() -> {
            try {
                Select.read(null, a, b);
            } catch (CancelledException e) {
                caught.set(e);
            }
        });
        Await.blocked(c);
        c.cancel();
        c.join(T);
        assertThat(caught.get()).isInstanceOf(CancelledException.class);
        a.write("x");
        b.write("y");
        assertThat(a.size() + b.size()).as("a dead select took nothing").isEqualTo(2);
    }

    @Test
    void aClosedEmptyChannelEndsTheSelect() {
        SharedChannel<String> a = new SharedChannel<>();
        SharedChannel<String> b = new SharedChannel<>();
        b.close();
        assertThatThrownBy(() -> Select.read(T, a, b)).isInstanceOf(ClosedException.class);
    }

    @Test
    void manyWritersRacingOneSelectDeliverExactlyOneMessage() {
        for (int round = 0; round < 200; round++) {
            SharedChannel<Integer> a = new SharedChannel<>();
            SharedChannel<Integer> b = new SharedChannel<>();
            AtomicReference<Selected<Integer>> got = new AtomicReference<>();
            Coroutine selector = rt.machine(0).spawn(() -> got.set(Select.read(T, a, b)));
            Coroutine wa = rt.machine(1).spawn(() -> a.write(1));
            b.write(2);
            selector.join(T);
            wa.join(T);
            assertThat(a.size() + b.size()).isEqualTo(1);
            Integer left = a.size() == 1 ? a.poll() : b.poll();
            assertThat(got.get().message() + left).isEqualTo(3);
        }
    }
}
