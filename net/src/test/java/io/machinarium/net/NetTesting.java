package io.machinarium.net;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machine;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.time.Duration;

/** Helpers for the net tests. */
final class NetTesting {
    static final Duration T = Duration.ofSeconds(20);

    private NetTesting() {
    }

    static InetSocketAddress loopback() {
        return new InetSocketAddress("127.0.0.1", 0);
    }

    /** Runs {@code body} as a coroutine on {@code m} and waits for it, rethrowing its failure. */
    static void on(Machine m, Runnable body) {
        m.spawn(body).join(T);
    }

    /** Echoes every byte until the peer closes, then closes. */
    static void echo(IoContext io) {
        try (io) {
            for (ByteBuf b = io.readSome(T); b != null; b = io.readSome(T)) {
                io.write(b);
            }
        }
    }

    /** Waits (at most T) until the coroutine is in the state; fails if it finished instead. */
    static void awaitState(Coroutine c, io.machinarium.core.CoroutineState state) {
        long deadline = System.nanoTime() + T.toNanos();
        while (c.state() != state) {
            if (c.isDone()) {
                c.join(T);
                throw new AssertionError(c + " finished instead of reaching " + state);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(c + " never reached " + state);
            }
            Thread.onSpinWait();
        }
    }

    /** Waits (at most T) until the reference is set. */
    static <V> V awaitSet(java.util.concurrent.atomic.AtomicReference<V> ref) {
        long deadline = System.nanoTime() + T.toNanos();
        while (ref.get() == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("value never set");
            }
            Thread.onSpinWait();
        }
        return ref.get();
    }

    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    static Coroutine serveOnce(Machine m, Listener l, java.util.function.Consumer<IoContext> handler) {
        return m.spawn(() -> handler.accept(l.accept(T)));
    }
}
