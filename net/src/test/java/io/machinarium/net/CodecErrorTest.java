package io.machinarium.net;

import static io.machinarium.net.NetTesting.T;
import static io.machinarium.net.NetTesting.loopback;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.Coroutine;
import io.machinarium.core.IoFailedException;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A codec that rejects its input after decoding some of it: what it decoded before the error is read first,
 * the error comes after, and the connection can still answer before it is closed.
 */
class CodecErrorTest {
    private static final int LINES = 200;
    private final Machinarium rt = Runtimes.start(1);

    @AfterEach
    void close() {
        rt.close();
    }

    /** One String per line; the line "bad" is refused, like a request past HttpServerCodec's depth. */
    private static final class Lines extends ByteToMessageDecoder {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            int eol = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
            if (eol < 0) {
                return;
            }
            String line = in.readCharSequence(eol - in.readerIndex(), StandardCharsets.US_ASCII).toString();
            in.skipBytes(1);
            if (line.equals("bad")) {
                throw new IllegalStateException("refused after " + LINES + " lines");
            }
            out.add(line);
        }
    }

    @Test
    void objectsDecodedBeforeACodecErrorAreReadFirstThenTheErrorAndTheConnectionCanStillAnswer() throws Exception {
        IoOptions lines = IoOptions.defaults().withCodec(() -> new ChannelHandler[] {new Lines()});
        CompletableFuture<InetSocketAddress> addr = new CompletableFuture<>();
        List<String> read = new ArrayList<>();
        Coroutine server = rt.machine(0).spawn(() -> {
            try (Listener l = Listener.bind(loopback(), ListenOptions.defaults().withIo(lines))) {
                addr.complete((InetSocketAddress) l.localAddress());
                try (IoContext io = l.accept(T)) {
                    for (int i = 0; i < LINES; i++) {
                        read.add(io.readObject(T));
                    }
                    assertThatThrownBy(() -> io.readObject(T)).isInstanceOf(IoFailedException.class)
                            .hasMessageContaining("codec rejected").hasMessageContaining("refused after " + LINES);
                    assertThatThrownBy(() -> io.readObject(T)).as("the error stays").isInstanceOf(IoFailedException.class);
                    io.writeObject(Unpooled.copiedBuffer("read " + read.size() + "\n", StandardCharsets.US_ASCII), T);
                }
            }
        });
        StringBuilder sent = new StringBuilder();
        for (int i = 0; i < LINES; i++) {
            sent.append("line ").append(i).append('\n');
        }
        sent.append("bad\nafter the error\n");
        try (Socket s = new Socket()) {
            s.connect(addr.get(T.toSeconds(), TimeUnit.SECONDS));
            s.setSoTimeout((int) T.toMillis());
            s.getOutputStream().write(sent.toString().getBytes(StandardCharsets.US_ASCII));  // one write
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).as("an answer, then the end of the stream").isEqualTo("read " + LINES + "\n");
        }
        server.join(T);
        assertThat(read).hasSize(LINES);
        for (int i = 0; i < LINES; i++) {
            assertThat(read.get(i)).isEqualTo("line " + i);
        }
    }
}
