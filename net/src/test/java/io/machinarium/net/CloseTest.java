package io.machinarium.net;

import static io.machinarium.net.NetTesting.T;
import static io.machinarium.net.NetTesting.awaitSet;
import static io.machinarium.net.NetTesting.loopback;
import static io.machinarium.net.NetTesting.pattern;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link IoContext#close()} does with bytes written but not sent yet: it waits for them as long as
 * the peer takes them, and when it gives up it resets the connection instead of ending it cleanly.
 */
class CloseTest {
    private static final int SIZE = 4 << 20;
    private static final IoOptions QUICK_CLOSE = IoOptions.defaults().withCloseTimeout(Duration.ofMillis(300));

    private final Machinarium rt = Runtimes.start(1);

    @AfterEach
    void close() {
        rt.close();
    }

    /** A server that writes {@code data} in one go and closes at once; small socket buffers on both ends. */
    private Coroutine writeThenClose(byte[] data, AtomicReference<SocketAddress> addr) {
        return rt.machine(0).spawn(() -> {
            try (Listener l = Listener.bind(loopback(), ListenOptions.defaults().withIo(QUICK_CLOSE))) {
                addr.set(l.localAddress());
                IoContext io = l.accept(T);
                io.socket().set(ChannelOption.SO_SNDBUF, 32 * 1024);
                io.write(Unpooled.wrappedBuffer(data), T);
                io.close();
            }
        });
    }

    private static Socket connect(SocketAddress addr) throws Exception {
        Socket s = new Socket();
        s.setReceiveBufferSize(32 * 1024);
        s.connect(new InetSocketAddress("127.0.0.1", ((InetSocketAddress) addr).getPort()), (int) T.toMillis());
        s.setSoTimeout((int) T.toMillis());
        return s;
    }

    @Test
    void closeWaitsForASlowReaderAsLongAsBytesKeepLeaving() throws Exception {
        byte[] data = pattern(SIZE, 7);
        AtomicReference<SocketAddress> addr = new AtomicReference<>();
        Coroutine server = writeThenClose(data, addr);
        try (Socket s = connect(awaitSet(addr))) {
            InputStream in = s.getInputStream();
            byte[] got = new byte[SIZE];
            // 64 KiB every 20 ms: about 1.3 s for 4 MiB, far longer than the 300 ms close timeout
            for (int at = 0; at < SIZE; ) {
                int n = in.readNBytes(got, at, Math.min(64 * 1024, SIZE - at));
                assertThat(n).as("the stream ended after " + at + " bytes").isPositive();
                at += n;
                // kept: the close timeout under test is real time, so the reader must be slow in real time
                Thread.sleep(20);
            }
            assertThat(got).isEqualTo(data);
            assertThat(in.read()).as("then a clean end").isEqualTo(-1);
        }
        server.join(T);
    }

    @Test
    void aCloseThatGivesUpOnUnsentBytesResetsTheConnection() throws Exception {
        AtomicReference<SocketAddress> addr = new AtomicReference<>();
        Coroutine server = writeThenClose(new byte[SIZE], addr);
        try (Socket s = connect(awaitSet(addr))) {
            long t0 = System.nanoTime();
            server.join(T);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("a peer that never reads delays close only for"
                    + " the close timeout").isLessThan(Duration.ofSeconds(5));
            InputStream in = s.getInputStream();
            assertThatThrownBy(() -> {
                while (in.read(new byte[64 * 1024]) >= 0) {
                    // what got through before the reset
                }
            }).as("the peer sees a reset, not a clean end of a stream cut short").isInstanceOf(SocketException.class);
        }
    }
}
