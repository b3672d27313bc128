package io.machinarium.net;

import static io.machinarium.net.NetTesting.T;
import static io.machinarium.net.NetTesting.loopback;
import static io.machinarium.net.NetTesting.on;
import static io.machinarium.net.NetTesting.pattern;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** machinarium's read tests: 10 MB in one, two and many pieces, and reads of varying sizes. */
class ReadTest {
    private static final int TEN_MB = 10 * 1024 * 1024;
    private final Machinarium rt = Runtimes.start(2);

    @AfterEach
    void close() {
        rt.close();
    }

    /** A server on machine 0 sends {@code data}; a client on machine 1 reads it with {@code reader}. */
    private void transfer(byte[] data, java.util.function.Function<IoContext, byte[]> reader) {
        AtomicReference<SocketAddress> addr = new AtomicReference<>();
        Coroutine server = rt.machine(0).spawn(() -> {
            try (Listener l = Listener.bind(loopback())) {
                addr.set(l.localAddress());
                try (IoContext io = l.accept(T)) {
                    io.write(Unpooled.wrappedBuffer(data), T);
                    io.drain(T);
                }
            }
        });
        NetTesting.awaitSet(addr);
        AtomicReference<byte[]> got = new AtomicReference<>();
        on(rt.machine(1), () -> {
            try (IoContext io = IoContext.connect(addr.get(), T)) {
                got.set(reader.apply(io));
            }
        });
        server.join(T);
        assertThat(Arrays.equals(got.get(), data)).as("every byte arrived in order").isTrue();
    }

    @Test
    void tenMegabytesInOneRead() {
        byte[] data = pattern(TEN_MB, 1);
        transfer(data, io -> io.readBytes(TEN_MB, T));
    }

    @Test
    void tenMegabytesInTwoReads() {
        byte[] data = pattern(TEN_MB, 2);
        transfer(data, io -> {
            byte[] out = new byte[TEN_MB];
            io.read(out, 0, TEN_MB / 2, T);
            io.read(out, TEN_MB / 2, TEN_MB - TEN_MB / 2, T);
            return out;
        });
    }

    @Test
    void tenMegabytesInManyPieces() {
        byte[] data = pattern(TEN_MB, 3);
        transfer(data, io -> {
            byte[] out = new byte[TEN_MB];
            int at = 0;
            while (at < TEN_MB) {
                ByteBuf b = io.readSome(T);
                int n = b.readableBytes();
                b.readBytes(out, at, n);
                b.release();
                at += n;
            }
            assertThat(io.readSome(T)).isNull();
            return out;
        });
    }

    @Test
    void variableSizeReads() {
        byte[] data = pattern(TEN_MB / 4, 4);
        transfer(data, io -> {
            byte[] out = new byte[data.length];
            int at = 0;
            ThreadLocalRandom r = ThreadLocalRandom.current();
            while (at < out.length) {
                int n = Math.min(out.length - at, 1 + r.nextInt(r.nextBoolean() ? 16 : 70_000));
                io.read(out, at, n, T);
                at += n;
            }
            return out;
        });
    }

    @Test
    void aSlowReaderPausesTheSocketAtTheHighWaterMarkAndLosesNothing() {
        byte[] data = pattern(24 * 1024 * 1024, 5);
        AtomicReference<SocketAddress> addr = new AtomicReference<>();
        int[] maxBuffered = new int[1];
        Coroutine server = rt.machine(0).spawn(() -> {
            try (Listener l = Listener.bind(loopback(),
                    ListenOptions.defaults().withIo(IoOptions.defaults().withReadahead(64 * 1024, 16 * 1024)))) {
                addr.set(l.localAddress());
                try (IoContext io = l.accept(T)) {
                    byte[] out = new byte[data.length];
                    int at = 0;
                    while (at < out.length) {
                        Coroutine.sleep(1);
                        maxBuffered[0] = Math.max(maxBuffered[0], io.pending());
                        int n = Math.min(256 * 1024, out.length - at);  // above the mark
                        io.read(out, at, n, T);
                        at += n;
                    }
                    assertThat(Arrays.equals(out, data)).isTrue();
                }
            }
        });
        NetTesting.awaitSet(addr);
        on(rt.machine(1), () -> {
            try (IoContext io = IoContext.connect(addr.get(), T)) {
                io.write(Unpooled.wrappedBuffer(data), T);
                io.drain(T);
            }
        });
        server.join(T);
        // 24 MiB were sent, then the peer closed. The readahead pauses in the socket read that crosses the
        // mark — the 64 KiB mark, or the 256 KiB a waiting read needs — and one read brings at most
        // MAX_READ bytes; reads caused by the peer's FIN must pause too. Without the pause it would hold
        // whatever the kernel's socket buffer delivers, several megabytes.
        assertThat(maxBuffered[0]).isLessThanOrEqualTo(256 * 1024 + Readahead.MAX_READ);
    }
}
