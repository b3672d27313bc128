package io.machinarium.net;

import static io.machinarium.net.NetTesting.T;
import static io.machinarium.net.NetTesting.awaitSet;
import static io.machinarium.net.NetTesting.loopback;
import static io.machinarium.net.NetTesting.on;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.testing.Runtimes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-connection limits: readahead stops reading from the socket at its high-water mark (the kernel
 * keeps the rest, and the sender is pushed back), and writers stop at the write high-water mark.
 */
class BufferLimitsTest {
    private static final int MARK = 64 * 1024;
    private static final IoOptions SMALL = IoOptions.defaults().withReadahead(MARK, MARK / 4)
            .withWriteBuffer(MARK, MARK / 4);

    private final Machinarium rt = Runtimes.start(1);

    @AfterEach
    void close() {
        rt.close();
    }

    @Test
    void readaheadStopsAtItsMarkWhenNobodyReadsAndTheKernelKeepsTheRest() throws Exception {
        AtomicReference<SocketAddress> addr = new AtomicReference<>();
        AtomicReference<IoContext> server = new AtomicReference<>();
        Coroutine acceptor = rt.machine(0).spawn(() -> {
            Listener l = Listener.bind(loopback(), ListenOptions.defaults().withIo(SMALL));
            addr.set(l.localAddress());
            server.set(l.accept(T));
            l.close();
        });
        AtomicLong sent = new AtomicLong();
        long total = 256L << 20;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", ((InetSocketAddress) awaitSet(addr)).getPort()));
            acceptor.join(T);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = s.getOutputStream();
                    for (byte[] chunk = new byte[MARK]; sent.get() < total; sent.addAndGet(chunk.length)) {
                        out.write(chunk);
                    }
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            long stalled = awaitNoProgress(sent);
            int[] pending = new int[1];
            on(rt.machine(0), () -> pending[0] = server.get().pending());
            System.out.println("BufferLimitsTest: the sender stalled after " + stalled + " bytes; readahead holds "
                    + pending[0] + " (mark " + MARK + "), the kernel the rest");
            assertThat(stalled).as("the sender is pushed back").isLessThan(total);
            // the mark, plus at most one read cycle of Netty (16 reads of up to 64 KiB each)
            assertThat(pending[0]).isBetween(MARK, MARK + (1 << 20));
            assertThat(stalled - pending[0]).as("bytes left in the kernel's buffers").isPositive();
            long[] got = new long[1];
            on(rt.machine(0), () -> {   // nothing lost: reading takes every byte the sender wrote
                try (IoContext io = server.get()) {
                    while (got[0] < stalled) {
                        ByteBuf b = io.readSome(T);
                        got[0] += b.readableBytes();
                        b.release();
                    }
                }
            });
            assertThat(got[0]).isGreaterThanOrEqualTo(stalled);
            s.close();
            writer.get(T.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void writersStopAtTheWriteMarkAndATimedWriteSaysSo() throws Exception {
        // a peer that never even accepts: the kernel completes the connection and stops taking bytes
        try (java.net.ServerSocket peer = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            peer.setReceiveBufferSize(32 * 1024);
            on(rt.machine(0), () -> {
                try (IoContext io = IoContext.connect(peer.getLocalSocketAddress(), T, SMALL)) {
                    long queuedAtMost = 0;
                    TimedOutException full = null;
                    for (int i = 0; i < 100_000 && full == null; i++) {
                        try {
                            io.write(Unpooled.wrappedBuffer(new byte[16 * 1024]), Duration.ofMillis(200));
                            queuedAtMost = Math.max(queuedAtMost,
                                    io.channel().unsafe().outboundBuffer().totalPendingWriteBytes());
                        } catch (TimedOutException e) {
                            full = e;
                        }
                    }
                    System.out.println("BufferLimitsTest: writes to a peer that never reads queued at most "
                            + queuedAtMost + " bytes (mark " + MARK + ")");
                    assertThat(full).as("a write to a peer that never reads times out").isNotNull()
                            .hasMessageContaining("found no room within PT0.2S");
                    assertThat(queuedAtMost).as("at most the mark plus the one write that crossed it")
                            .isLessThanOrEqualTo(MARK + 16 * 1024);
                }
            });
        }
    }

    /** Waits until a counter stops moving for half a second. @return its value then */
    static long awaitNoProgress(AtomicLong counter) throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            long now = counter.get();
            if (now == last && now > 0) {
                return now;
            }
            last = now;
            // kept: the sender is a JDK socket write blocked in the kernel, which shows no state to wait on
            // (its thread stays RUNNABLE); "stalled" can only be seen as no progress over a while
            Thread.sleep(500);
        }
        throw new AssertionError("still moving after " + T + ": " + counter.get());
    }
}
