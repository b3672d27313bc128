package io.machinarium.tls;

import static io.machinarium.tls.TlsTesting.T;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machine;
import io.machinarium.net.IoContext;
import io.machinarium.net.ListenOptions;
import io.machinarium.net.Listener;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A TLS echo server that serves every connection in a coroutine of its own, so that one client's trouble
 * can be shown not to stop the others. Each connection's end — null for a clean one, else what its
 * coroutine threw — is queued for the test, in the order they end.
 */
final class EchoServer implements AutoCloseable {
    final SocketAddress address;
    private final LinkedBlockingQueue<Object> ends = new LinkedBlockingQueue<>();
    private final Coroutine acceptor;
    private final Machine machine;

    /**
     * @param afterUpgrade runs on each connection once it is upgraded (a socket option, a probe, say)
     */
    EchoServer(Machine m, TlsConfig config, int connections, Consumer<IoContext> afterUpgrade) throws Exception {
        this(m, config, connections, ListenOptions.defaults(), afterUpgrade);
    }

    /**
     * @param listen the listener's options, and with them those of each accepted connection
     * @param afterUpgrade runs on each connection once it is upgraded (a socket option, a probe, say)
     */
    EchoServer(Machine m, TlsConfig config, int connections, ListenOptions listen, Consumer<IoContext> afterUpgrade)
            throws Exception {
        this.machine = m;
        CompletableFuture<SocketAddress> bound = new CompletableFuture<>();
        acceptor = m.spawn(() -> {
            try (Listener l = Listener.bind(TlsTesting.loopback(), listen)) {
                bound.complete(l.localAddress());
                for (int i = 0; i < connections; i++) {
                    IoContext io = l.accept(T);
                    machine.spawn(() -> serve(io, config, afterUpgrade));
                }
            } catch (RuntimeException e) {
                bound.completeExceptionally(e);
                throw e;
            }
        });
        address = bound.get(T.toSeconds(), TimeUnit.SECONDS);
    }

    private void serve(IoContext io, TlsConfig config, Consumer<IoContext> afterUpgrade) {
        try (io) {
            Tls.upgrade(io, config, T);
            afterUpgrade.accept(io);
            for (ByteBuf b = io.readSome(null); b != null; b = io.readSome(null)) {
                io.write(b);
            }
            ends.add("clean");
        } catch (RuntimeException e) {
            ends.add(e);
        }
    }

    int port() {
        return ((InetSocketAddress) address).getPort();
    }

    /** {@return how the next connection to end ended: "clean", or the exception its coroutine threw} */
    Object nextEnd() throws InterruptedException {
        Object end = ends.poll(T.toSeconds(), TimeUnit.SECONDS);
        if (end == null) {
            throw new AssertionError("no connection of the echo server ended within " + T);
        }
        return end;
    }

    @Override
    public void close() {
        acceptor.join(T);
    }
}
