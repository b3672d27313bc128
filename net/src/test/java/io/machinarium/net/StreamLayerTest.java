package io.machinarium.net;

import static io.machinarium.net.NetTesting.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.Machinarium;
import io.machinarium.core.MisuseException;
import io.machinarium.core.testing.Runtimes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.Future;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The interface a layer over an IO context's byte stream is written against: added after plaintext with the
 * readahead replayed into it, stacked in order, its end of output before the FIN, the peer's end of input,
 * and a reset — with no raw channel, handler name or attribute in sight.
 */
class StreamLayerTest {
    private final Machinarium rt = Runtimes.start(1);

    @AfterEach
    void close() {
        rt.close();
    }

    /** A toy cipher: every byte XORed with a key both ways; it ends its output with a trailer byte. */
    static class XorLayer implements StreamLayer {
        final byte key;
        final AtomicInteger inputEnded = new AtomicInteger();
        private ChannelHandlerContext ctx;

        XorLayer(int key) {
            this.key = (byte) key;
        }

        private ByteBuf xor(ByteBuf in) {
            ByteBuf out = Unpooled.buffer(in.readableBytes());
            while (in.isReadable()) {
                out.writeByte(in.readByte() ^ key);
            }
            in.release();
            return out;
        }

        @Override
        public List<ChannelHandler> handlers() {
            return List.of(new ChannelDuplexHandler() {
                @Override
                public void handlerAdded(ChannelHandlerContext c) {
                    ctx = c;
                }

                @Override
                public void channelRead(ChannelHandlerContext c, Object msg) {
                    c.fireChannelRead(xor((ByteBuf) msg));
                }

                @Override
                public void write(ChannelHandlerContext c, Object msg, ChannelPromise p) {
                    c.write(xor((ByteBuf) msg), p);
                }
            });
        }

        @Override
        public Future<?> endOfOutput() {
            return ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {(byte) ('$' ^ key)}));
        }

        @Override
        public void endOfInput() {
            inputEnded.incrementAndGet();
        }
    }

    /** The same cipher as another kind of layer, to stack two. */
    static final class OuterXorLayer extends XorLayer {
        OuterXorLayer(int key) {
            super(key);
        }
    }

    private static byte[] xor(String s, int... keys) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < b.length; i++) {
            for (int k : keys) {
                b[i] ^= (byte) k;
            }
        }
        return b;
    }

    /** Serves one connection on the machine: reads "START\n" in plain, adds the layers, echoes a line, half-closes. */
    private CompletableFuture<XorLayer[]> serve(Listener[] bound, int... keys) {
        CompletableFuture<XorLayer[]> layers = new CompletableFuture<>();
        rt.machine(0).spawn(() -> {
            try (IoContext io = bound[0].accept(T)) {
                assertThat(new String(io.readBytes(6, T), StandardCharsets.US_ASCII)).isEqualTo("START\n");
                XorLayer[] added = new XorLayer[keys.length];
                for (int i = 0; i < keys.length; i++) {
                    added[i] = io.addLayer(i == 0 ? new XorLayer(keys[i]) : new OuterXorLayer(keys[i]));
                }
                byte[] line = io.readBytes(6, T);
                io.write(line);
                io.shutdownOutput(T);
                assertThat(io.readSome(T)).isNull();
                layers.complete(added);
            } catch (Throwable t) {
                layers.completeExceptionally(t);
            }
        });
        return layers;
    }

    private Listener[] listen() {
        Listener[] bound = new Listener[1];
        NetTesting.on(rt.machine(0), () -> bound[0] = Listener.bind(NetTesting.loopback()));
        return bound;
    }

    @Test
    void aLayerAddedAfterPlaintextGetsTheBytesReadAheadAndEndsItsOutputBeforeTheFin() throws Exception {
        Listener[] bound = listen();
        CompletableFuture<XorLayer[]> done = serve(bound, 0x5a);
        try (Socket s = new Socket()) {
            s.connect(bound[0].localAddress());
            OutputStream out = s.getOutputStream();
            // the layered bytes right behind the plaintext, in one write: they sit in the readahead
            byte[] plain = "START\n".getBytes(StandardCharsets.US_ASCII);
            byte[] layered = xor("hello\n", 0x5a);
            byte[] both = new byte[plain.length + layered.length];
            System.arraycopy(plain, 0, both, 0, plain.length);
            System.arraycopy(layered, 0, both, plain.length, layered.length);
            out.write(both);
            InputStream in = s.getInputStream();
            byte[] back = in.readNBytes(7);
            assertThat(back).containsExactly(xor("hello\n$", 0x5a));  // the echo, then the layer's trailer
            assertThat(in.read()).isEqualTo(-1);  // and then the FIN
            s.shutdownOutput();
            XorLayer[] layers = done.get(20, TimeUnit.SECONDS);
            assertThat(layers[0].inputEnded.get()).isEqualTo(1);
        }
    }

    @Test
    void stackedLayersApplyInTheOrderTheyWereAdded() throws Exception {
        Listener[] bound = listen();
        CompletableFuture<XorLayer[]> done = serve(bound, 0x11, 0x22);
        try (Socket s = new Socket()) {
            s.connect(bound[0].localAddress());
            s.getOutputStream().write("START\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(xor("order\n", 0x11, 0x22));
            // the outer layer (added last) ends first, then the inner one: two trailers
            byte[] back = s.getInputStream().readNBytes(8);
            byte[] expected = new byte[8];
            System.arraycopy(xor("order\n", 0x11, 0x22), 0, expected, 0, 6);
            expected[6] = (byte) ('$' ^ 0x22 ^ 0x11);
            expected[7] = (byte) ('$' ^ 0x11);
            assertThat(back).containsExactly(expected);
            s.shutdownOutput();
            done.get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLayerAddedAfterThePeersFinLearnsOfItAtOnce() throws Exception {
        Listener[] bound = listen();
        CompletableFuture<Integer> ended = new CompletableFuture<>();
        rt.machine(0).spawn(() -> {
            try (IoContext io = bound[0].accept(T)) {
                io.readBytes(6, T);
                assertThat(io.readSome(T)).isNull();  // the FIN is in
                ended.complete(io.addLayer(new XorLayer(1)).inputEnded.get());
            } catch (Throwable t) {
                ended.completeExceptionally(t);
            }
        });
        try (Socket s = new Socket()) {
            s.connect(bound[0].localAddress());
            s.getOutputStream().write("START\n".getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
            assertThat(ended.get(20, TimeUnit.SECONDS)).isEqualTo(1);
        }
    }

    @Test
    void aResetSendsAnRstNotACleanEnd() throws Exception {
        Listener[] bound = listen();
        rt.machine(0).spawn(() -> {
            IoContext io = bound[0].accept(T);
            io.write(Unpooled.wrappedBuffer(new byte[4 * 1024 * 1024]));  // more than the peer reads
            io.reset();
        });
        try (Socket s = new Socket()) {
            s.connect(bound[0].localAddress());
            InputStream in = s.getInputStream();
            assertThatThrownBy(() -> {
                while (in.read(new byte[65536]) >= 0) {
                    // read until the reset
                }
            }).isInstanceOf(SocketException.class);
        }
    }

    @Test
    void theSameKindOfLayerCannotBeAddedTwice() throws Exception {
        Listener[] bound = listen();
        CompletableFuture<Throwable> twice = new CompletableFuture<>();
        rt.machine(0).spawn(() -> {
            try (IoContext io = bound[0].accept(T)) {
                io.addLayer(new XorLayer(1));
                assertThat(io.layer(XorLayer.class)).isNotNull();
                io.addLayer(new XorLayer(2));
                twice.complete(null);
            } catch (Throwable t) {
                twice.complete(t);
            }
        });
        try (Socket s = new Socket()) {
            s.connect(bound[0].localAddress());
            assertThat(twice.get(20, TimeUnit.SECONDS)).isInstanceOf(MisuseException.class).hasMessageContaining("already");
        }
    }
}
