package io.machinarium.core.channel;

import static io.machinarium.core.testing.Timeouts.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.CancelledException;
import io.machinarium.core.ClosedException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.CoroutineState;
import io.machinarium.core.Machinarium;
import io.machinarium.core.Task;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.MachinariumTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The waiting write ({@link Channel#put}) and what a closed channel leaves, and to whom. */
@MachinariumTest(machines = 2)
class ChannelPutTest {
    private Machinarium rt;

    @BeforeEach
    void start(Machinarium rt) {
        this.rt = rt;
    }

    private static void awaitWaiting(Coroutine c) {
        Await.until(T, () -> c.state() == CoroutineState.WAITING, () -> c + " is " + c.state());
    }

    private static <T> List<T> drain(Channel<T> c) {
        List<T> out = new ArrayList<>();
        for (T m = c.poll(); m != null; m = c.poll()) {
            out.add(m);
        }
        return out;
    }

    @Test
    void aPutOnAFullHardLimitedChannelWaitsUntilAReaderMakesRoom() {
        SharedChannel<String> c = new SharedChannel<>(LimitPolicy.hard(2));
        c.write("a");
        c.write("b");
        assertThat(c.tryWrite("rejected")).isFalse();
        Task<Void> putter = rt.machine(1).spawnTask(() -> {
            c.put("c", T);
            return null;
        });
        awaitWaiting(putter.coroutine());
        assertThat(c.size()).isEqualTo(2);
        assertThat(rt.machine(0).spawnTask(() -> c.read(T)).join(T)).isEqualTo("a");
        putter.join(T);
        assertThat(drain(c)).containsExactly("b", "c");
    }

    @Test
    void waitingPutsAreLetInInTheOrderTheyCameAndNoWriteOvertakesThem() {
        SharedChannel<String> c = new SharedChannel<>(LimitPolicy.hard(1));
        c.write("first");
        Task<Void> p1 = rt.machine(0).spawnTask(() -> {
            c.put("p1", T);
            return null;
        });
        awaitWaiting(p1.coroutine());
        Task<Void> p2 = rt.machine(1).spawnTask(() -> {
            c.put("p2", T);
            return null;
        });
        awaitWaiting(p2.coroutine());
        List<String> read = new ArrayList<>();
        read.add(c.read(T));
        assertThat(c.tryWrite("late")).as("the waiting puts came first").isFalse();
        read.add(c.read(T));
        read.add(c.read(T));
        p1.join(T);
        p2.join(T);
        assertThat(read).containsExactly("first", "p1", "p2");
        assertThat(c.size()).isZero();
    }

    @Test
    void aPutThatTimesOutKeepsItsMessageAndTheChannelHoldsOnlyWhatItHad() {
        SharedChannel<String> c = new SharedChannel<>(LimitPolicy.hard(1));
        c.write("kept");
        assertThatThrownBy(() -> rt.machine(0).spawnTask(() -> {
            c.put("late", Duration.ofMillis(20));
            return null;
        }).join(T)).cause().isInstanceOf(TimedOutException.class)
                .hasMessage("the channel stayed at its HARD limit of 1 queued messages for PT0.02S; the message was "
                        + "not taken");
        assertThatThrownBy(() -> c.put("late", Duration.ZERO)).isInstanceOf(TimedOutException.class);
        assertThat(drain(c)).containsExactly("kept");
    }

    @Test
    void aCancelledWaitingPutLosesNothingAndTakesNothing() {
        SharedChannel<ByteBuf> c = new SharedChannel<>(LimitPolicy.hard(1));
        ByteBuf queued = Unpooled.copiedBuffer(new byte[] {1});
        ByteBuf waiting = Unpooled.copiedBuffer(new byte[] {2});
        c.write(queued);
        Task<Throwable> putter = rt.machine(0).spawnTask(() -> {
            try {
                c.put(waiting);
                return null;
            } catch (CancelledException e) {
                return e;
            }
        });
        awaitWaiting(putter.coroutine());
        putter.cancel();
        assertThat(putter.join(T)).isInstanceOf(CancelledException.class)
                .hasMessage("channel put was cancelled; the message was not taken");
        assertThat(waiting.refCnt()).as("the writer still owns its buffer").isEqualTo(1);
        assertThat(c.size()).isEqualTo(1);
        ByteBuf got = c.read(T);
        assertThat(got).isSameAs(queued);
        assertThat(c.poll()).as("the cancelled put's buffer is not in the channel").isNull();
        assertThat(c.tryWrite(Unpooled.EMPTY_BUFFER)).as("the room it would have taken is free").isTrue();
        got.release();
        waiting.release();
        c.close(ReferenceCountUtil::release);
    }

    @Test
    void aCancelledCoroutinesPutFailsAtOnceEvenWithRoom() {
        SharedChannel<String> c = new SharedChannel<>();
        Task<Void> t = rt.machine(0).spawnTask(() -> {
            Coroutine.current().cancel();
            c.put("never", T);
            return null;
        });
        assertThatThrownBy(() -> t.join(T)).cause().isInstanceOf(CancelledException.class);
        assertThat(c.size()).isZero();
    }

    @Test
    void closeWakesAWaitingPutWhichKeepsItsMessage() {
        SharedChannel<String> c = new SharedChannel<>(LimitPolicy.hard(1));
        c.write("queued");
        Task<Void> putter = rt.machine(0).spawnTask(() -> {
            c.put("waiting", T);
            return null;
        });
        awaitWaiting(putter.coroutine());
        c.close();
        assertThatThrownBy(() -> putter.join(T)).cause().isInstanceOf(ClosedException.class)
                .hasMessage("channel was closed while the put waited; the message was not taken");
        assertThatThrownBy(() -> c.put("after", T)).isInstanceOf(ClosedException.class);
        assertThat(c.read(T)).isEqualTo("queued");
        assertThatThrownBy(() -> c.read(T)).isInstanceOf(ClosedException.class);
    }

    @Test
    void aPlainThreadsPutParksUntilACoroutineMakesRoom() throws Exception {
        SharedChannel<Integer> c = new SharedChannel<>(LimitPolicy.hard(1));
        c.write(1);
        CompletableFuture<Void> put = CompletableFuture.runAsync(() -> c.put(2, T));
        Await.until(T, () -> c.size() == 1 && !put.isDone(), () -> "put is " + put);
        assertThat(rt.machine(0).spawnTask(() -> c.read(T)).join(T)).isEqualTo(1);
        put.get(10, TimeUnit.SECONDS);
        assertThat(drain(c)).containsExactly(2);
    }

    @Test
    void aPutOnAnUnlimitedChannelNeverWaitsAndOneToAWaitingReaderIsHandedOver() {
        SharedChannel<Integer> unlimited = new SharedChannel<>();
        for (int i = 0; i < 1000; i++) {
            unlimited.put(i, Duration.ZERO);
        }
        assertThat(unlimited.size()).isEqualTo(1000);
        SharedChannel<String> full = new SharedChannel<>(LimitPolicy.hard(1));
        Task<String> reader = rt.machine(0).spawnTask(() -> full.read(T));
        awaitWaiting(reader.coroutine());
        full.put("handed", Duration.ZERO);
        assertThat(reader.join(T)).isEqualTo("handed");
    }

    @Test
    void aPutOnAFullLocalChannelWaitsForAReaderOfItsMachine() {
        List<String> order = rt.machine(0).spawnTask(() -> {
            LocalChannel<String> c = new LocalChannel<>(LimitPolicy.soft(1));
            List<String> seen = new ArrayList<>();
            c.write("one");
            Task<Void> putter = Coroutine.current().machine().spawnTask(() -> {
                c.put("two", T);
                seen.add("put returned");
                return null;
            });
            Coroutine.yieldNow();
            seen.add("read " + c.read(T));
            putter.join(T);
            seen.add("read " + c.read(T));
            return seen;
        }).join(T);
        assertThat(order).containsExactly("read one", "put returned", "read two");
    }

    @Test
    void aSelectThatTakesFromAFullChannelLetsAWaitingPutIn() {
        SharedChannel<String> full = new SharedChannel<>(LimitPolicy.hard(1));
        SharedChannel<String> empty = new SharedChannel<>();
        full.write("x");
        Task<Void> putter = rt.machine(0).spawnTask(() -> {
            full.put("y", T);
            return null;
        });
        awaitWaiting(putter.coroutine());
        assertThat(Select.read(T, empty, full).message()).isEqualTo("x");
        putter.join(T);
        assertThat(drain(full)).containsExactly("y");
    }

    @Test
    void closeWithLeftoversHandsEveryQueuedMessageToTheCallerOldestFirst() {
        SharedChannel<ByteBuf> c = new SharedChannel<>();
        List<ByteBuf> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ByteBuf b = Unpooled.copiedBuffer(new byte[] {(byte) i});
            sent.add(b);
            c.write(b);
        }
        List<ByteBuf> given = new ArrayList<>();
        assertThat(c.close(b -> {
            given.add(b);
            b.release();
        })).isEqualTo(3);
        assertThat(given).containsExactlyElementsOf(sent);
        assertThat(sent).allSatisfy(b -> assertThat(b.refCnt()).isZero());
        assertThat(c.size()).isZero();
        assertThatThrownBy(() -> c.read(T)).isInstanceOf(ClosedException.class);
        assertThat(c.close(ReferenceCountUtil::release)).as("nothing is left the second time").isZero();
    }

    @Test
    void closeWithLeftoversOffersEveryMessageEvenWhenTheConsumerThrows() {
        SharedChannel<Integer> c = new SharedChannel<>();
        for (int i = 1; i <= 3; i++) {
            c.write(i);
        }
        List<Integer> given = new ArrayList<>();
        assertThatThrownBy(() -> c.close(m -> {
            given.add(m);
            if (m != 2) {
                throw new IllegalStateException("cannot release " + m);
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("cannot release 1")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement().hasToString(
                        "java.lang.IllegalStateException: cannot release 3"));
        assertThat(given).containsExactly(1, 2, 3);
    }

    @Test
    void aChannelClosedByTryWithResourcesKeepsItsQueuedMessagesReadable() {
        SharedChannel<String> kept;
        try (SharedChannel<String> c = new SharedChannel<>()) {
            c.write("after close");
            kept = c;
        }
        assertThat(kept.isClosed()).isTrue();
        assertThatThrownBy(() -> kept.write("more")).isInstanceOf(ClosedException.class);
        assertThat(kept.read(T)).isEqualTo("after close");
        assertThatThrownBy(() -> kept.read(T)).isInstanceOf(ClosedException.class);
    }
}
