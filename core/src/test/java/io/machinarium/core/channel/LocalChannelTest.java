package io.machinarium.core.channel;

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

@MachinariumTest(machines = 2)
class LocalChannelTest {
    private Machinarium rt;

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
    }

    private void onMachine(Runnable body) {
        rt.machine(0).spawn(body).join(T);
    }

    @Test
    void aChannelIsCreatedEmptyOnItsMachine() {
        onMachine(() -> {
            LocalChannel<String> c = new LocalChannel<>();
            assertThat(c.size()).isZero();
            assertThat(c.poll()).isNull();
            assertThat(c.owner()).isSameAs(Machine.current());
            assertThat(c.isClosed()).isFalse();
        });
    }

    @Test
    void readAndWriteOnOneMachineKeepFifoOrderAndReadBackTakesTheNewest() {
        onMachine(() -> {
            LocalChannel<Integer> c = new LocalChannel<>();
            for (int i = 0; i < 5; i++) {
                c.write(i);
            }
            assertThat(c.size()).isEqualTo(5);
            assertThat(c.readBack(T)).isEqualTo(4);
            assertThat(c.read(T)).isEqualTo(0);
            assertThat(c.read(T)).isEqualTo(1);
            assertThat(c.readBack(T)).isEqualTo(3);
            assertThat(c.read()).isEqualTo(2);
            assertThat(c.size()).isZero();
        });
    }

    @Test
    void aWaitingReaderIsWokenByAWriterCoroutine() {
        List<String> got = new ArrayList<>();
        onMachine(() -> {
            LocalChannel<String> c = new LocalChannel<>();
            Coroutine reader = Machine.current().spawn(() -> {
                got.add(c.read(T));
                got.add(c.read(T));
            });
            Coroutine.sleep(5);
            c.write("a");
            Coroutine.sleep(5);
            c.write("b");
            reader.join();
        });
        assertThat(got).containsExactly("a", "b");
    }

    @Test
    void aReadTimesOutWithTimedOutException() {
        onMachine(() -> {
            LocalChannel<String> c = new LocalChannel<>();
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> c.read(Duration.ofMillis(20))).isInstanceOf(TimedOutException.class)
                    .hasMessageContaining("no message arrived within PT0.02S");
            assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
        });
    }

    @Test
    void aCancelledReadThrowsCancelledExceptionAndLeavesLaterMessagesQueued() {
        onMachine(() -> {
            LocalChannel<String> c = new LocalChannel<>();
            AtomicReference<Throwable> caught = new AtomicReference<>();
            Coroutine reader = Machine.current().spawn(() -> {
                try {
                    c.read();
                } catch (CancelledException e) {
                    caught.set(e);
                }
            });
            Coroutine.sleep(5);
            reader.cancel();
            reader.join();
            c.write("kept");
            assertThat(caught.get()).isInstanceOf(CancelledException.class);
            assertThat(c.size()).isEqualTo(1);
            assertThat(c.poll()).isEqualTo("kept");
        });
    }

    @Test
    void useFromAnotherMachineOrThreadIsAMisuse() {
        AtomicReference<LocalChannel<String>> ref = new AtomicReference<>();
        onMachine(() -> ref.set(new LocalChannel<>()));
        assertThatThrownBy(() -> ref.get().write("x")).isInstanceOf(MisuseException.class)
                .hasMessageContaining("belongs to machine '" + rt.machine(0).name() + "'");
        AtomicReference<Throwable> fromOther = new AtomicReference<>();
        rt.machine(1).spawn(() -> {
            try {
                ref.get().read(Duration.ofMillis(1));
            } catch (MisuseException e) {
                fromOther.set(e);
            }
        }).join(T);
        assertThat(fromOther.get()).hasMessageContaining("use a SharedChannel");
        assertThatThrownBy(LocalChannel::new).isInstanceOf(MisuseException.class);
    }

    @Test
    void closeWakesReadersAndRefusesWrites() {
        onMachine(() -> {
            LocalChannel<String> c = new LocalChannel<>();
            c.write("last");
            AtomicReference<Throwable> caught = new AtomicReference<>();
            c.close();
            assertThat(c.read(T)).isEqualTo("last");
            Coroutine reader = Machine.current().spawn(() -> {
                try {
                    c.read(T);
                } catch (io.machinarium.core.ClosedException e) {
                    caught.set(e);
                }
            });
            reader.join();
            assertThat(caught.get()).hasMessageContaining("closed");
            assertThatThrownBy(() -> c.write("late")).isInstanceOf(io.machinarium.core.ClosedException.class);
        });
    }
}
