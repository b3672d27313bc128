package io.machinarium.tls;

import io.machinarium.core.testing.Await;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.machinarium.net.IoContext;
import io.machinarium.net.Listener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Not a test: a quick measurement of handshakes per second and bulk throughput over loopback for each
 * provider, for issue 5's closing note. Run its main with the test class path.
 */
final class TlsNumbers {
    private static final Duration T = Duration.ofSeconds(30);

    private TlsNumbers() {
    }

    public static void main(String[] args) {
        for (TlsProvider p : TlsTesting.providers()) {
            try (Machinarium rt = Runtimes.start(2)) {
                handshakes(rt, p, 1);  // warm-up
                System.out.printf("%-8s handshakes/s (TLS 1.3, RSA 2048, sequential): %.0f%n", p, handshakes(rt, p, 3));
                bulk(rt, p, 256);  // warm-up
                System.out.printf("%-8s bulk MB/s (one connection, 1 GB): %.0f%n", p, bulk(rt, p, 1024));
            }
        }
    }

    private static double handshakes(Machinarium rt, TlsProvider p, int seconds) {
        TlsConfig sc = TlsTesting.server(p).build();
        TlsConfig cc = TlsTesting.client(p).build();
        AtomicReference<SocketAddress> addr = new AtomicReference<>();
        var server = rt.machine(0).spawn(() -> {
            try (Listener l = Listener.bind(TlsTesting.loopback())) {
                addr.set(l.localAddress());
                for (;;) {
                    try (IoContext io = l.accept(Duration.ofSeconds(2))) {
                        Tls.upgrade(io, sc, T);
                    } catch (io.machinarium.core.TimedOutException e) {
                        return;
                    }
                }
            }
        });
        Await.set(addr);
        long[] count = new long[1];
        long start = System.nanoTime();
        TlsTesting.on(rt.machine(1), () -> {
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                try (IoContext io = IoContext.connect(addr.get(), T)) {
                    Tls.upgrade(io, cc, T);
                }
                count[0]++;
            }
        });
        double rate = count[0] / ((System.nanoTime() - start) / 1e9);
        server.join(Duration.ofSeconds(10));
        return rate;
    }

    private static double bulk(Machinarium rt, TlsProvider p, int megabytes) {
        TlsConfig sc = TlsTesting.server(p).build();
        TlsConfig cc = TlsTesting.client(p).build();
        byte[] chunk = TlsTesting.pattern(64 * 1024, 1);
        TlsTesting.Server srv = TlsTesting.Server.once(rt.machine(0), io -> {
            Tls.upgrade(io, sc, T);
            for (int i = 0; i < megabytes * 16; i++) {
                io.write(Unpooled.wrappedBuffer(chunk), T);
            }
            io.drain(T);
        });
        long[] nanos = new long[1];
        TlsTesting.on(rt.machine(1), () -> {
            try (IoContext io = IoContext.connect(srv.address, T)) {
                Tls.upgrade(io, cc, T);
                long start = System.nanoTime();
                long got = 0;
                for (ByteBuf b = io.readSome(T); b != null; b = io.readSome(T)) {
                    got += b.readableBytes();
                    b.release();
                }
                nanos[0] = System.nanoTime() - start;
                if (got != megabytes * 1024L * 1024) {
                    throw new AssertionError("got " + got);
                }
            }
        });
        srv.joinOk();
        return megabytes / (nanos[0] / 1e9);
    }
}
