package io.machinarium.net;

import static io.machinarium.net.NetTesting.T;
import static io.machinarium.net.NetTesting.on;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.CancelledException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.CoroutineState;
import io.machinarium.core.Machinarium;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.testing.Runtimes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * connect, connect timed out and connect cancelled (two ways). A connection that never completes is
 * made on loopback only: a listener with a backlog of 1 that never accepts; once its accept queue is
 * full the kernel drops further SYNs, so the next connect hangs until its timeout.
 */
class ConnectTest {
    private final Machinarium rt = Runtimes.start(1);
    private final List<SocketChannel> fillers = new ArrayList<>();
    private ServerSocketChannel stuck;

    @AfterEach
    void close() throws IOException {
        for (SocketChannel c : fillers) {
            c.close();
        }
        if (stuck != null) {
            stuck.close();
        }
        rt.close();
    }

    /**
     * A listener whose accept queue is full: a connect to it hangs. Fills the queue until a connect
     * does not complete within 300 ms, which proves that the kernel now drops SYNs.
     */
    private SocketAddress fullListener() throws IOException {
        stuck = ServerSocketChannel.open();
        stuck.bind(new InetSocketAddress("127.0.0.1", 0), 1);
        for (int i = 0; i < 32; i++) {
            SocketChannel c = SocketChannel.open();
            c.configureBlocking(false);
            fillers.add(c);
            if (!c.connect(stuck.getLocalAddress()) && !finishesWithin(c, 300)) {
                return stuck.getLocalAddress();
            }
        }
        throw new AssertionError("the accept queue of a listener with backlog 1 never filled up");
    }

    private static boolean finishesWithin(SocketChannel c, long millis) throws IOException {
        try (Selector s = Selector.open()) {
            c.register(s, SelectionKey.OP_CONNECT);
            return s.select(millis) > 0 && c.finishConnect();
        }
    }

    @Test
    void connectSucceedsAndReportsBothAddresses() {
        on(rt.machine(0), () -> {
            try (Listener l = Listener.bind(NetTesting.loopback());
                 IoContext io = IoContext.connect(l.localAddress(), T);
                 IoContext peer = l.accept(T)) {
                assertThat(io.remoteAddress()).isEqualTo(l.localAddress());
                assertThat(peer.remoteAddress()).isEqualTo(io.localAddress());
                assertThat(io.isOpen()).isTrue();
                assertThat(io.machine()).isSameAs(rt.machine(0));
            }
        });
    }

    @Test
    void connectTimesOut() throws IOException {
        SocketAddress target = fullListener();
        AtomicReference<Throwable> caught = new AtomicReference<>();
        long[] took = new long[1];
        on(rt.machine(0), () -> {
            long t0 = System.nanoTime();
            try {
                IoContext.connect(target, Duration.ofMillis(200)).close();
            } catch (TimedOutException e) {
                caught.set(e);
            }
            took[0] = System.nanoTime() - t0;
        });
        assertThat(caught.get()).isInstanceOf(TimedOutException.class).hasMessageContaining("did not complete within");
        assertThat(took[0]).isBetween(Duration.ofMillis(200).toNanos(), Duration.ofSeconds(5).toNanos());
    }

    @Test
    void connectCancelledWhileConnecting() throws IOException {
        SocketAddress target = fullListener();
        AtomicReference<Throwable> caught = new AtomicReference<>();
        Coroutine c = rt.machine(0).spawn(() -> {
            try {
                IoContext.connect(target, T).close();
            } catch (CancelledException e) {
                caught.set(e);
            }
        });
        NetTesting.awaitState(c, CoroutineState.WAITING);
        c.cancel();
        c.join(T);
        assertThat(caught.get()).isInstanceOf(CancelledException.class).hasMessageContaining("connect to");
    }

    @Test
    void connectCancelledBeforeItStarts() {
        AtomicReference<Throwable> caught = new AtomicReference<>();
        on(rt.machine(0), () -> {
            try (Listener l = Listener.bind(NetTesting.loopback())) {
                Coroutine.current().cancel();
                try {
                    IoContext.connect(l.localAddress(), T).close();
                } catch (CancelledException e) {
                    caught.set(e);
                }
            }
        });
        assertThat(caught.get()).isInstanceOf(CancelledException.class).hasMessageContaining("refused");
    }
}
