package io.machinarium.samples.proxy;

import static io.machinarium.samples.Clients.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.FdBalance;
import io.machinarium.net.IoContext;
import io.machinarium.net.IoOptions;
import io.machinarium.samples.Clients;
import io.machinarium.samples.HostPort;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The proxy, in this JVM, relaying to a backend that accepts and then stops reading while its client keeps
 * sending: the relay's write to the backend waits for room that never comes. It must still end when the
 * client goes away or when nothing moved for the idle timeout, and what it queues for the backend meanwhile
 * is bounded by the write-buffer high-water mark plus one write of the relay.
 */
@ExtendWith(FdBalance.class)
class ProxyStuckBackendTest {
    /** What the client tries to send: far more than the buffers between it and a backend that never reads. */
    private static final int CLIENT_SENDS = 10 << 20;
    /** Netty counts this much per queued message on top of its bytes (ChannelOutboundBuffer's entry overhead). */
    private static final int ENTRY_OVERHEAD = 96;
    /** The most the proxy may queue for one peer: the high-water mark, then one more write. */
    private static final long QUEUE_BOUND = IoOptions.defaults().writeHigh() + Relay.MAX_WRITE + ENTRY_OVERHEAD;

    @Test
    void aClientResetWhileTheWriteToItsBackendWaitsForRoomEndsTheRelayAndTheBackendConnection() throws Exception {
        try (StuckBackend backend = new StuckBackend();
             ProxyServer proxy = start(Duration.ZERO, backend);
             Socket client = Clients.connect(port(proxy))) {
            CompletableFuture<Void> sending = send(client);
            IoContext toBackend = awaitStuck(proxy);
            client.setSoLinger(true, 0);
            client.close();
            Await.until(T, () -> proxy.clients().active() == 0 && proxy.relays().isEmpty(),
                    () -> "the relay still runs after its client reset:\n" + state(proxy));
            assertThat(toBackend.isOpen()).as("the proxy's connection to the backend").isFalse();
            assertThat(proxy.backends().all().get(0).active()).isZero();
            assertThat(proxy.metrics().errors("relay_io")).as("the client's reset is counted").isEqualTo(1);
            assertThat(proxy.metrics().errors("idle_timeout")).isZero();
            assertThat(backend.end()).as("the backend sees the relay cut short").isEqualTo("reset");
            sending.get(T.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void aWriteThatMovesNothingForTheIdleTimeoutEndsTheRelay() throws Exception {
        try (StuckBackend backend = new StuckBackend();
             ProxyServer proxy = start(Duration.ofMillis(1000), backend);
             Socket client = Clients.connect(port(proxy))) {
            CompletableFuture<Void> sending = send(client);
            awaitStuck(proxy);
            Await.until(T, () -> proxy.clients().active() == 0 && proxy.relays().isEmpty(),
                    () -> "a relay whose write waits for room outlived its idle timeout:\n" + state(proxy));
            assertThat(proxy.metrics().errors("idle_timeout")).isEqualTo(1);
            assertThat(proxy.metrics().errors("relay_io")).isZero();
            assertThat(backend.end()).as("bytes for the backend were dropped: a reset").isEqualTo("reset");
            assertThat(ProxyFaultTest.end(client)).isIn("eof", "reset");
            client.close();
            sending.get(T.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void aBackendThatStopsReadingHoldsAtMostTheWriteMarkPlusOneWriteQueued() throws Exception {
        try (StuckBackend backend = new StuckBackend();
             ProxyServer proxy = start(Duration.ZERO, backend);
             Socket client = Clients.connect(port(proxy))) {
            CompletableFuture<Void> sending = send(client);
            IoContext toBackend = awaitStuck(proxy);
            QueueWatch watch = QueueWatch.install(toBackend);
            assertThat(watch.peak()).as("queued for a backend that never read").isLessThanOrEqualTo(QUEUE_BOUND);
            // Room comes back once, after the relay read ahead as much as the client's connection holds.
            backend.readUntil(() -> watch.roomCameBack() > 0);
            Await.until(T, () -> !toBackend.channel().isWritable(),
                    () -> "the backend read, but the relay did not fill its queue again:\n" + state(proxy));
            long peak = watch.peak();
            System.out.println("ProxyStuckBackendTest: at most " + peak + " bytes queued for a backend that stopped "
                    + "reading; bound " + QUEUE_BOUND);
            assertThat(peak).as("the most queued for the backend once room came back").isLessThanOrEqualTo(QUEUE_BOUND);
            client.setSoLinger(true, 0);
            client.close();
            Await.until(T, () -> proxy.clients().active() == 0, () -> state(proxy));
            sending.get(T.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static ProxyServer start(Duration idle, StuckBackend backend) {
        return ProxyServer.start(new ProxySettings(new HostPort("127.0.0.1", 0),
                List.of(new HostPort("127.0.0.1", backend.port())), 1, Balance.ROUND_ROBIN, null, null, null,
                Duration.ofSeconds(2), idle, 100, null, Duration.ofSeconds(1)));
    }

    private static int port(ProxyServer proxy) {
        return ((InetSocketAddress) proxy.address()).getPort();
    }

    /** Sends {@link #CLIENT_SENDS} bytes in a thread; the future ends when they are sent or the socket is gone. */
    private static CompletableFuture<Void> send(Socket client) {
        return CompletableFuture.runAsync(() -> {
            byte[] chunk = new byte[64 * 1024];
            try {
                OutputStream out = client.getOutputStream();
                for (int sent = 0; sent < CLIENT_SENDS; sent += chunk.length) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                // reset or closed: the test is over with it
            }
        });
    }

    /**
     * Waits until the relay's write to the backend waits for room: the backend connection is over its
     * write-buffer mark, and the client's is over its readahead mark (so nothing reads it: the direction that
     * would is blocked in that write).
     *
     * @return the proxy's backend connection
     */
    private static IoContext awaitStuck(ProxyServer proxy) {
        Await.until(T, () -> {
            List<Relay> relays = proxy.relays();
            return relays.size() == 1 && !relays.get(0).backend().channel().isWritable()
                    && !relays.get(0).client().channel().config().isAutoRead();
        }, () -> "the relay never got stuck writing to the backend:\n" + state(proxy));
        return proxy.relays().get(0).backend();
    }

    /**
     * Watches a connection's outbound queue from the socket's end of its pipeline: the most Netty held queued
     * (its byte count, with its per-message overhead) right after any write since the watch began, and how often
     * the connection became writable again. Its state is touched on the connection's machine only.
     */
    private static final class QueueWatch extends ChannelDuplexHandler {
        private final IoContext io;
        private long peak;
        private int roomCameBack;
        private volatile int roomSeen;

        private QueueWatch(IoContext io) {
            this.io = io;
        }

        static QueueWatch install(IoContext io) throws Exception {
            QueueWatch w = new QueueWatch(io);
            onMachine(io, () -> {
                w.peak = w.queuedNow();
                io.channel().pipeline().addFirst("queue watch", w);
                return null;
            });
            return w;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ctx.write(msg, promise);
            peak = Math.max(peak, queuedNow());
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                roomSeen = ++roomCameBack;
            }
            ctx.fireChannelWritabilityChanged();
        }

        private long queuedNow() {
            ChannelOutboundBuffer out = io.channel().unsafe().outboundBuffer();
            return out == null ? 0 : out.totalPendingWriteBytes();
        }

        /** @return the most queued so far, read on the connection's machine after the writes before it */
        long peak() throws Exception {
            return onMachine(io, () -> peak);
        }

        /** @return how often room came back so far (any thread) */
        int roomCameBack() {
            return roomSeen;
        }
    }

    private static <T> T onMachine(IoContext io, Supplier<T> task) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        io.machine().execute(() -> {
            try {
                f.complete(task.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(T.toSeconds(), TimeUnit.SECONDS);
    }

    private static String state(ProxyServer proxy) {
        return "open client connections " + proxy.clients().active() + ", relays " + proxy.relays().size() + "\n"
                + proxy.metrics().scrape();
    }

    /**
     * A backend on a free loopback port that accepts one connection and reads nothing from it unless told
     * to ({@link #read}); with a small receive buffer, so that the proxy's queue fills after little data.
     */
    private static final class StuckBackend implements AutoCloseable {
        private final ServerSocket server;
        private final CompletableFuture<Socket> accepted;

        StuckBackend() throws IOException {
            server = new ServerSocket();
            server.setReceiveBufferSize(64 * 1024);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    Socket s = server.accept();
                    s.setSoTimeout((int) T.toMillis());
                    return s;
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        /** Reads what the proxy sent, a little at a time, until {@code enough} holds; then stops reading again. */
        void readUntil(BooleanSupplier enough) throws Exception {
            InputStream in = accepted.get(T.toSeconds(), TimeUnit.SECONDS).getInputStream();
            byte[] b = new byte[16 * 1024];
            while (!enough.getAsBoolean()) {
                assertThat(in.read(b)).as("the proxy's bytes").isPositive();
            }
        }

        /** Reads until the connection ends. @return "eof" or "reset" */
        String end() throws Exception {
            InputStream in = accepted.get(T.toSeconds(), TimeUnit.SECONDS).getInputStream();
            try {
                while (in.read(new byte[64 * 1024]) >= 0) {
                    // what the proxy sent before it closed
                }
                return "eof";
            } catch (SocketException e) {
                return "reset";
            }
        }

        @Override
        public void close() throws Exception {
            server.close();
            if (accepted.isDone() && !accepted.isCompletedExceptionally()) {
                accepted.get().close();
            }
        }
    }
}
