package io.machinarium.net;

import io.machinarium.core.testing.Await;
import io.machinarium.core.Coroutine;
import io.machinarium.core.Machine;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.time.Duration;

/** Helpers for the net tests. */
final class NetTesting {
    static final Duration T = io.machinarium.core.testing.Timeouts.T;

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
        if (state == io.machinarium.core.CoroutineState.WAITING) {
            Await.blocked(c);
            return;
        }
        Await.until(T, () -> c.state() == state || c.isDone(), () -> c + " never reached " + state);
        if (c.state() != state) {
            c.join(T);
            throw new AssertionError(c + " finished instead of reaching " + state);
        }
    }

    /** Waits (at most T) until the reference is set. */
    static <V> V awaitSet(java.util.concurrent.atomic.AtomicReference<V> ref) {
        return Await.set(ref);
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
