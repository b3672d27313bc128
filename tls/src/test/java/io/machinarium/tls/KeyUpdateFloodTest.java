package io.machinarium.tls;

import static io.machinarium.tls.TlsTesting.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.IoFailedException;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.machinarium.net.IoContext;
import io.machinarium.net.IoOptions;
import io.machinarium.net.ListenOptions;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A TLS 1.3 client that sends KeyUpdate requests and never reads cannot make the server hold more than the
 * stated bound of unsent replies: the server closes that connection with an error saying why and keeps
 * serving others. Before, the JDK provider queued an answer to each request without limit.
 */
class KeyUpdateFloodTest {
    /** Far more KeyUpdates than it takes to pass the bound through the small socket buffers of the test. */
    private static final int MOST_KEY_UPDATES = 200_000;
    private final Machinarium rt = Runtimes.start(2);

    @AfterEach
    void close() {
        rt.close();
    }

    /**
     * Next to the server's socket: the memory held by buffers queued for the socket and not yet written, now
     * and at most. The bound is on what the TLS layer queues; this measures what Netty actually holds.
     */
    private static final class Queued extends ChannelOutboundHandlerAdapter {
        final AtomicLong now = new AtomicLong();
        final AtomicLong most = new AtomicLong();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            long held = msg instanceof ByteBuf b ? b.capacity() : 0;
            ChannelPromise p = promise.unvoid();
            p.addListener(f -> now.addAndGet(-held));
            most.accumulateAndGet(now.addAndGet(held), Math::max);
            ctx.write(msg, p);
        }
    }

    /** Each provider with the default write-buffer water mark (256 KiB), and with a small one (the 64 KiB floor). */
    static Stream<Arguments> providersAndWaterMarks() {
        List<Arguments> out = new ArrayList<>();
        for (TlsProvider p : TlsTesting.providers()) {
            out.add(Arguments.of(p, IoOptions.defaults().writeHigh(), 262_144));
            out.add(Arguments.of(p, 16 * 1024, 65_536));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, write high-water mark {1}")
    @MethodSource("providersAndWaterMarks")
    void aClientSendingKeyUpdatesWithoutReadingIsClosedWithinTheBound(TlsProvider p, int writeHigh, long expectedBound)
            throws Exception {
        TlsConfig sc = TlsTesting.server(p).protocols("TLSv1.3").build();
        SSLContext jdk = SSLContext.getInstance("TLS");
        jdk.init(null, PemFiles.trust(TestCerts.ca(), null).getTrustManagers(), null);
        Queued queued = new Queued();
        AtomicLong bound = new AtomicLong();
        CountDownLatch probed = new CountDownLatch(1);
        ListenOptions listen = ListenOptions.defaults()
                .withIo(IoOptions.defaults().withWriteBuffer(writeHigh, Math.min(writeHigh, 16 * 1024) / 4));
        try (EchoServer srv = new EchoServer(rt.machine(0), sc, 2, listen, io -> {
            if (probed.getCount() > 0) {  // only the flooded connection: the next one is an ordinary client
                bound.set(UnreadReplyLimit.limitFor(io.channel()));
                io.socket().set(ChannelOption.SO_SNDBUF, 4096);  // so that the kernel holds little of the backlog
                io.channel().pipeline().addFirst(queued);
                probed.countDown();
            }
        })) {
            AtomicReference<String> floodEnd = new AtomicReference<>("running");
            Thread flooder = new Thread(() -> {
                try (KeyUpdateFlood f = new KeyUpdateFlood(jdk, (InetSocketAddress) srv.address, 4096)) {
                    if (!probed.await(T.toSeconds(), TimeUnit.SECONDS)) {
                        floodEnd.set("the server never finished its side of the handshake");
                        return;
                    }
                    for (int i = 0; i < MOST_KEY_UPDATES; i++) {
                        if (bound.get() > 0 && queued.most.get() > bound.get()) {
                            floodEnd.set("the server queued " + queued.most.get() + " bytes after " + i + " KeyUpdates");
                            return;
                        }
                        f.sendKeyUpdate();
                    }
                    floodEnd.set("the server never closed the connection in " + MOST_KEY_UPDATES + " KeyUpdates");
                } catch (IOException e) {
                    floodEnd.set("closed by the server");
                } catch (InterruptedException e) {
                    floodEnd.set("interrupted");
                }
            }, "key-update-flood");
            flooder.start();
            flooder.join(T.toMillis() * 3);
            assertThat(flooder.isAlive()).as("the flood still runs: a write blocked on a server that neither reads"
                    + " nor closes").isFalse();
            assertThat(floodEnd.get()).isEqualTo("closed by the server");
            assertThat(bound.get()).as("the bound: the water mark, at least 64 KiB").isEqualTo(expectedBound);
            assertThat(queued.most.get()).as("memory queued for the socket at most").isLessThanOrEqualTo(bound.get());
            Object end = srv.nextEnd();
            assertThat(end).isInstanceOf(IoFailedException.class);
            if (p == TlsProvider.JDK) {  // BoringSSL ends it first, itself, after a few dozen KeyUpdates
                assertThat(((Throwable) end).getMessage())
                        .contains("the peer keeps sending but does not read what this side sends")
                        .contains("over the limit of " + bound.get() + " bytes");
            }
            TlsTesting.on(rt.machine(1), () -> {
                try (IoContext io = IoContext.connect(srv.address, T)) {
                    Tls.upgrade(io, TlsTesting.client(p).build(), T);
                    io.write(new byte[] {1, 2, 3});
                    assertThat(io.readBytes(3, T)).containsExactly(1, 2, 3);
                }
            });
        }
    }
}
