package io.machinarium.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pushes many bytes through an echoing connection (echo, or the proxy to an echo backend) as fast as the
 * client can write, while the client reads them back slowly — 64 KiB, then a 1 ms sleep — so that the
 * server is pushed back all the time; the client half-closes after its last byte and expects the whole
 * echo and then the end of the stream. Meanwhile it samples what the process holds: Netty's buffers every
 * 50 ms, and the heap after a collection every second. Every byte is checked on its way back.
 *
 * <p>The size is {@code -Dmachinarium.test.transferMb} (default 256; 1024 pushes 1 GiB, about four
 * times as long).
 */
public final class SlowReaderTransfer {
    /** What the samples tests allow the process to grow by while one slow connection moves its bytes. */
    public static final long BOUND = 16L << 20;

    private static final int CHUNK = 64 * 1024;
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    /**
     * What the process held beyond what it held before the transfer, at most.
     *
     * @param bytes the bytes sent and echoed back
     * @param nettyGrowth the most that Netty's allocators held beyond the baseline
     * @param heapGrowth the most that the heap held after a collection beyond the baseline
     * @param millis how long it took
     */
    public record Result(long bytes, long nettyGrowth, long heapGrowth, long millis) {
        @Override
        public String toString() {
            return String.format("%d MiB echoed in %.1f s to a slow reader: Netty buffers +%.2f MiB at most, "
                    + "heap after GC +%.2f MiB at most", bytes >> 20, millis / 1000.0, nettyGrowth / 1048576.0,
                    heapGrowth / 1048576.0);
        }
    }

    private SlowReaderTransfer() {
    }

    /** @return the bytes a transfer moves: {@code machinarium.test.transferMb} MiB, 256 by default */
    public static long size() {
        return Long.getLong("machinarium.test.transferMb", 256) << 20;
    }

    /**
     * Runs a transfer on a connected socket whose peer echoes.
     *
     * @param s the connection; the caller closes it
     * @param total how many bytes
     * @return what the process held meanwhile
     */
    public static Result run(Socket s, long total) throws Exception {
        long heapBase = heapAfterGc();
        long nettyBase = NettyMemory.used();
        AtomicLong nettyMax = new AtomicLong();
        AtomicLong heapMax = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        Thread sampler = new Thread(() -> {
            for (int i = 1; !done.get(); i++) {
                nettyMax.accumulateAndGet(NettyMemory.used() - nettyBase, Math::max);
                if (i % 20 == 0) {
                    heapMax.accumulateAndGet(heapAfterGc() - heapBase, Math::max);
                }
                try {
                    Thread.sleep(50);  // kept: the sampling period of the memory watcher, not a wait
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "memory sampler");
        long t0 = System.nanoTime();
        sampler.start();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> write(s, total));
        try {
            readSlowly(s.getInputStream(), total);
            writer.get(Clients.T.toSeconds(), TimeUnit.SECONDS);
        } finally {
            done.set(true);
            sampler.join();
        }
        return new Result(total, nettyMax.get(), heapMax.get(), (System.nanoTime() - t0) / 1_000_000);
    }

    private static void write(Socket s, long total) {
        byte[] chunk = new byte[CHUNK];
        try {
            OutputStream out = s.getOutputStream();
            for (long at = 0; at < total; at += CHUNK) {
                for (int i = 0; i < CHUNK; i++) {
                    chunk[i] = pattern(at + i);
                }
                out.write(chunk, 0, (int) Math.min(CHUNK, total - at));
            }
            // Half-close, and the reader checks that the echo still comes back whole, then ends. Over TLS
            // that needs a session that keeps writing after the peer's close_notify (TLS 1.3, JDK provider).
            s.shutdownOutput();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static void readSlowly(InputStream in, long total) throws IOException, InterruptedException {
        byte[] chunk = new byte[CHUNK];
        for (long at = 0; at < total; ) {
            int n = in.readNBytes(chunk, 0, (int) Math.min(CHUNK, total - at));
            if (n == 0) {
                throw new IOException("the stream ended after " + at + " of " + total + " bytes");
            }
            for (int i = 0; i < n; i++) {
                if (chunk[i] != pattern(at + i)) {
                    throw new AssertionError("byte " + (at + i) + " is wrong: lost or reordered bytes");
                }
            }
            at += n;
            Thread.sleep(1);  // kept: a reader slower than the writer in real time is the behaviour under test
        }
        if (in.read() != -1) {
            throw new AssertionError("more than the " + total + " bytes sent came back");
        }
    }

    private static byte pattern(long i) {
        return (byte) (i % 251);
    }

    private static long heapAfterGc() {
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }
}
