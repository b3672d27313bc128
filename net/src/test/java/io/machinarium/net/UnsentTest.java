package io.machinarium.net;

import static io.machinarium.net.NetTesting.T;
import static io.machinarium.net.NetTesting.loopback;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link IoContext#unsent()}: the bytes written that the operating system has not taken yet — exact, also for
 * a buffer partly sent and for bytes queued but not flushed — so that a program sees a write make progress
 * without Netty's channel.
 */
class UnsentTest {
    private static final int SIZE = 4 << 20;

    private final Machinarium rt = Runtimes.start(1);

    @AfterEach
    void close() {
        rt.close();
    }

    @Test
    void bytesQueuedButNotFlushedCountInFullAndNoneAreLeftOnceDrained() throws Exception {
        CompletableFuture<long[]> seen = new CompletableFuture<>();
        AtomicReference<SocketAddress> at = new AtomicReference<>();
        Coroutine server = rt.machine(0).spawn(() -> {
            try (Listener l = Listener.bind(loopback())) {
                at.set(l.localAddress());
                IoContext io = l.accept(T);
                long before = io.unsent();
                io.queue(Unpooled.wrappedBuffer(new byte[100]), T);
                io.queue(Unpooled.wrappedBuffer(new byte[23]), T);
                long queued = io.unsent();
                io.flush();
                io.drain(T);
                seen.complete(new long[] {before, queued, io.unsent()});
                io.close();
            }
        });
        try (Socket client = connect(NetTesting.awaitSet(at))) {
            assertThat(seen.get(T.toSeconds(), TimeUnit.SECONDS)).containsExactly(0, 123, 0);
            server.join(T);
        }
    }

    @Test
    void aBufferPartlySentCountsByWhatIsLeftOfItAndTheCountDropsAsThePeerReads() throws Exception {
        CompletableFuture<Long> stuck = new CompletableFuture<>();
        CompletableFuture<Long> afterRead = new CompletableFuture<>();
        CompletableFuture<Void> peerRead = new CompletableFuture<>();
        AtomicReference<SocketAddress> at = new AtomicReference<>();
        Coroutine server = rt.machine(0).spawn(() -> {
            try (Listener l = Listener.bind(loopback())) {
                at.set(l.localAddress());
                IoContext io = l.accept(T);
                io.socket().set(ChannelOption.SO_SNDBUF, 32 * 1024);
                io.write(Unpooled.wrappedBuffer(NetTesting.pattern(SIZE, 1)), T);  // one buffer: room was there
                long first = io.unsent();
                stuck.complete(first);
                while (!peerRead.isDone() || io.unsent() >= first) {
                    Coroutine.sleep(1);  // waits for the test's client, which reads on its own thread
                }
                afterRead.complete(io.unsent());
                io.drain(T);
                io.close();
            }
        });
        try (Socket client = connect(NetTesting.awaitSet(at))) {
            long first = stuck.get(T.toSeconds(), TimeUnit.SECONDS);
            assertThat(first).as("the socket took the start of the buffer, not the rest").isPositive().isLessThan(SIZE);
            InputStream in = client.getInputStream();
            byte[] chunk = new byte[256 * 1024];
            int got = 0;
            while (got < chunk.length) {
                got += in.read(chunk, got, chunk.length - got);
            }
            peerRead.complete(null);
            assertThat(afterRead.get(T.toSeconds(), TimeUnit.SECONDS)).as("after the peer read").isLessThan(first);
            while (got < SIZE) {
                int n = in.read(chunk);
                assertThat(n).isPositive();
                got += n;
            }
            server.join(T);
        }
    }

    private static Socket connect(SocketAddress at) throws Exception {
        Socket s = new Socket();
        s.setReceiveBufferSize(32 * 1024);
        s.connect(new InetSocketAddress("127.0.0.1", ((InetSocketAddress) at).getPort()), (int) T.toMillis());
        s.setSoTimeout((int) T.toMillis());
        return s;
    }
}
