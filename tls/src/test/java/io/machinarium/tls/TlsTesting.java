package io.machinarium.tls;

import io.machinarium.core.testing.Await;
import io.machinarium.core.Coroutine;
import io.machinarium.core.Machine;
import io.machinarium.net.IoContext;
import io.machinarium.net.Listener;
import io.netty.buffer.ByteBuf;
import io.netty.handler.ssl.OpenSsl;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** Helpers for the TLS tests. */
final class TlsTesting {
    static final Duration T = io.machinarium.core.testing.Timeouts.T;

    private TlsTesting() {
    }

    /** The providers to run each test with: the JDK, and OpenSSL where netty-tcnative loads. */
    static List<TlsProvider> providers() {
        List<TlsProvider> out = new ArrayList<>();
        out.add(TlsProvider.JDK);
        if (OpenSsl.isAvailable()) {
            out.add(TlsProvider.OPENSSL);
        }
        return out;
    }

    static InetSocketAddress loopback() {
        return new InetSocketAddress("127.0.0.1", 0);
    }

    static TlsConfig.Builder server(TlsProvider p) {
        return TlsConfig.server(TestCerts.file("server.pem"), TestCerts.file("server.key")).provider(p);
    }

    static TlsConfig.Builder client(TlsProvider p) {
        return TlsConfig.client().caFile(TestCerts.ca()).serverName("localhost").provider(p);
    }

    /** Runs {@code body} as a coroutine on {@code m} and waits for it, rethrowing its failure. */
    static void on(Machine m, Runnable body) {
        m.spawn(body).join(T);
    }

    /** Echoes every byte until the peer closes, then closes. */
    static void echo(IoContext io) {
        for (ByteBuf b = io.readSome(T); b != null; b = io.readSome(T)) {
            io.write(b);
        }
    }

    /** Reads and frees everything until the peer closes; a failure of the connection ends it quietly. */
    static void drain(IoContext io) {
        try {
            for (ByteBuf b = io.readSome(T); b != null; b = io.readSome(T)) {
                b.release();
            }
        } catch (io.machinarium.core.IoFailedException | io.machinarium.core.ClosedException e) {
            // the peer broke off
        }
    }

    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    /** One server coroutine: binds, accepts {@code connections} connections one after another, runs the handler on each. */
    static final class Server {
        final Coroutine coroutine;
        final SocketAddress address;
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Server(Machine m, SocketAddress bindTo, int connections, Consumer<IoContext> handler) {
            AtomicReference<SocketAddress> bound = new AtomicReference<>();
            coroutine = m.spawn(() -> {
                try (Listener l = Listener.bind(bindTo)) {
                    bound.set(l.localAddress());
                    for (int i = 0; i < connections; i++) {
                        try (IoContext io = l.accept(T)) {
                            handler.accept(io);
                        } catch (RuntimeException e) {
                            failure.compareAndSet(null, e);
                        }
                    }
                }
            });
            Await.until(T, () -> bound.get() != null || coroutine.isDone(), () -> "server never listened");
            if (bound.get() == null) {
                coroutine.join(T);
                throw new AssertionError("server finished before listening");
            }
            address = bound.get();
        }

        static Server once(Machine m, Consumer<IoContext> handler) {
            return new Server(m, loopback(), 1, handler);
        }

        /** Waits for the server and returns what its handler threw, or null. */
        Throwable join() {
            coroutine.join(T);
            return failure.get();
        }

        /** Waits for the server and rethrows what its handler threw. */
        void joinOk() {
            Throwable t = join();
            if (t != null) {
                throw new AssertionError("server failed: " + t, t);
            }
        }
    }
}
