package io.machinarium.net;

import static io.machinarium.net.NetTesting.T;
import static io.machinarium.net.NetTesting.awaitState;
import static io.machinarium.net.NetTesting.loopback;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.Coroutine;
import io.machinarium.core.CoroutineState;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.Runtimes;
import io.netty.buffer.ByteBuf;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Waking a coroutine blocked in accept or read from another thread: the call throws {@link WokenException},
 * nothing queued or buffered is lost, the coroutine is not cancelled, and a wake-up given while no call
 * blocks is kept for the next call — once.
 */
class WakeUpTest {
    private final Machinarium rt = Runtimes.start(1);

    @AfterEach
    void close() {
        rt.close();
    }

    @Test
    void anAcceptLoopStoppedByAWakeUpEndsAndItsListenerAcceptsAgainAfterwards() throws Exception {
        CompletableFuture<Listener> bound = new CompletableFuture<>();
        AtomicBoolean stopping = new AtomicBoolean();
        AtomicInteger woken = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        Coroutine server = rt.machine(0).spawn(() -> {
            try (Listener l = Listener.bind(loopback())) {
                bound.complete(l);
                while (!stopping.get()) {
                    try {
                        NetTesting.echo(l.accept(null));
                        served.incrementAndGet();
                    } catch (WokenException e) {
                        woken.incrementAndGet();
                    }
                }
                assertThat(Coroutine.current().isCancelled()).isFalse();
                NetTesting.echo(l.accept(T));  // the same listener, after its loop was stopped
                served.incrementAndGet();
            }
        });
        Listener listener = bound.get(T.toSeconds(), TimeUnit.SECONDS);
        awaitState(server, CoroutineState.WAITING);
        listener.wakeUp();  // not stopping yet: the loop goes on
        echoOnce(listener);
        assertThat(woken).hasValue(1);
        // the echo ends when the server has read the client's close; only then is it back in accept
        Await.until(T, () -> served.get() == 1, () -> "the first connection was never served");
        awaitState(server, CoroutineState.WAITING);
        stopping.set(true);
        listener.wakeUp();
        Await.until(T, () -> woken.get() == 2, () -> "the second wake-up never reached the accept");
        awaitState(server, CoroutineState.WAITING);  // now in the accept after the loop
        echoOnce(listener);
        server.join(T);
        assertThat(served).hasValue(2);
    }

    @Test
    void aBlockedReadWokenThrowsAndLeavesTheBufferedBytesToTheNextRead() throws Exception {
        CompletableFuture<InetSocketAddress> addr = new CompletableFuture<>();
        CompletableFuture<IoContext> accepted = new CompletableFuture<>();
        CompletableFuture<Integer> pendingAfterWakeUp = new CompletableFuture<>();
        byte[] got = new byte[10];
        Coroutine server = rt.machine(0).spawn(() -> {
            try (Listener l = Listener.bind(loopback())) {
                addr.complete((InetSocketAddress) l.localAddress());
                try (IoContext io = l.accept(T)) {
                    accepted.complete(io);
                    assertThatThrownBy(() -> io.read(10, null)).isInstanceOf(WokenException.class);
                    assertThat(Coroutine.current().isCancelled()).isFalse();
                    pendingAfterWakeUp.complete(io.pending());
                    io.read(got, 0, 10, T);
                }
            }
        });
        try (Socket s = new Socket()) {
            s.connect(addr.get(T.toSeconds(), TimeUnit.SECONDS));
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {0, 1, 2});
            out.flush();
            IoContext io = accepted.get(T.toSeconds(), TimeUnit.SECONDS);
            Await.until(T, () -> pending(io) == 3, () -> "the 3 bytes never arrived");
            awaitState(server, CoroutineState.WAITING);
            io.wakeUp();  // from the test thread, while read(10) waits with 3 bytes buffered
            assertThat(pendingAfterWakeUp.get(T.toSeconds(), TimeUnit.SECONDS)).isEqualTo(3);
            out.write(new byte[] {3, 4, 5, 6, 7, 8, 9});
            out.flush();
            server.join(T);
        }
        assertThat(got).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    /** The context's buffered bytes, asked by a coroutine of its machine. */
    private int pending(IoContext io) {
        AtomicInteger n = new AtomicInteger();
        rt.machine(0).spawn(() -> n.set(io.pending())).join(T);
        return n.get();
    }

    @Test
    void aWakeUpWithNoBlockedCallIsKeptForTheNextCallAndWakeUpsDoNotAddUp() throws Exception {
        CompletableFuture<InetSocketAddress> addr = new CompletableFuture<>();
        Coroutine server = rt.machine(0).spawn(() -> {
            try (Listener l = Listener.bind(loopback())) {
                addr.complete((InetSocketAddress) l.localAddress());
                l.wakeUp();
                l.wakeUp();
                assertThatThrownBy(() -> l.accept(T)).as("kept for the next accept").isInstanceOf(WokenException.class);
                try (IoContext io = l.accept(T)) {  // two wake-ups were one
                    io.wakeUp();
                    io.wakeUp();
                    while (io.pending() == 0) {  // any read would take the wake-up: look, do not read
                        Coroutine.sleep(1);
                    }
                    assertThatThrownBy(() -> io.read(1, T)).as("kept for the next read, even with a byte there")
                            .isInstanceOf(WokenException.class);
                    ByteBuf b = io.read(1, T);
                    assertThat(b.readByte()).isEqualTo((byte) 7);
                    b.release();
                }
            }
        });
        try (Socket s = new Socket()) {
            s.connect(addr.get(T.toSeconds(), TimeUnit.SECONDS));
            s.getOutputStream().write(7);
            s.getOutputStream().flush();
            server.join(T);
        }
    }

    /** Connects, has the server echo one line, and closes. */
    private static void echoOnce(Listener listener) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(listener.localAddress());
            s.setSoTimeout((int) T.toMillis());
            s.getOutputStream().write("ping".getBytes());
            s.shutdownOutput();
            assertThat(new String(s.getInputStream().readAllBytes())).isEqualTo("ping");
        }
    }
}
