package io.machinarium.net;

import static io.machinarium.net.NetTesting.T;
import static io.machinarium.net.NetTesting.loopback;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.MisuseException;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.testing.Runtimes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Codec-aware IO: Netty's HTTP/1.1 codec sits ahead of the reader, the coroutine reads decoded requests
 * and writes response objects — keep-alive and pipelined — while the client speaks raw bytes.
 */
class HttpCodecTest {
    private static final IoOptions HTTP = IoOptions.defaults().withCodec(
            () -> new ChannelHandler[] {new HttpServerCodec(), new HttpObjectAggregator(64 * 1024)});
    private final Machinarium rt = Runtimes.start(2);

    @AfterEach
    void close() {
        rt.close();
    }

    /** A keep-alive server: answers each request with its URI, until the client closes. */
    private static void serve(IoContext io) {
        try (io) {
            for (FullHttpRequest req = io.readObject(T); req != null; req = io.readObject(T)) {
                try {
                    ByteBuf body = Unpooled.copiedBuffer("you asked for " + req.uri(), StandardCharsets.UTF_8);
                    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
                    HttpUtil.setContentLength(res, body.readableBytes());
                    HttpUtil.setKeepAlive(res, HttpUtil.isKeepAlive(req));
                    io.writeObject(res, T);
                } finally {
                    req.release();
                }
            }
        }
    }

    private static String response(String body) {
        return "HTTP/1.1 200 OK\r\ncontent-length: " + body.length() + "\r\n\r\n" + body;
    }

    @Test
    void keepAliveAndPipelinedRequestsAreReadAsObjects() {
        AtomicReference<SocketAddress> addr = new AtomicReference<>();
        Coroutine server = rt.machine(0).spawn(() -> {
            try (Listener l = Listener.bind(loopback(), ListenOptions.defaults().withIo(HTTP))) {
                addr.set(l.localAddress());
                serve(l.accept(T));
            }
        });
        NetTesting.awaitSet(addr);
        List<String> answers = new ArrayList<>();
        rt.machine(1).spawn(() -> {
            try (IoContext io = IoContext.connect(addr.get(), T)) {
                io.write("GET /one HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.UTF_8));
                answers.add(new String(io.readBytes(response("you asked for /one").length(), T), StandardCharsets.UTF_8));
                // pipelined: three requests in one write, answered in order
                io.write(("GET /a HTTP/1.1\r\nHost: x\r\n\r\n" + "GET /b HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "POST /c HTTP/1.1\r\nHost: x\r\ncontent-length: 3\r\n\r\nabc").getBytes(StandardCharsets.UTF_8));
                for (String p : new String[] {"/a", "/b", "/c"}) {
                    answers.add(new String(io.readBytes(response("you asked for " + p).length(), T), StandardCharsets.UTF_8));
                }
            }
        }).join(T);
        server.join(T);
        assertThat(answers).containsExactly(response("you asked for /one"), response("you asked for /a"),
                response("you asked for /b"), response("you asked for /c"));
    }

    @Test
    void objectReadsTimeOutAndByteReadsAreRefusedInObjectMode() {
        rt.machine(0).spawn(() -> {
            try (Listener l = Listener.bind(loopback(), ListenOptions.defaults().withIo(HTTP));
                 IoContext client = IoContext.connect(l.localAddress(), T);
                 IoContext server = l.accept(T)) {
                assertThatThrownBy(() -> server.readObject(java.time.Duration.ofMillis(20)))
                        .isInstanceOf(TimedOutException.class);
                assertThatThrownBy(() -> server.read(1, T)).isInstanceOf(MisuseException.class)
                        .hasMessageContaining("use readObject");
                assertThatThrownBy(() -> client.readObject(T)).isInstanceOf(MisuseException.class)
                        .hasMessageContaining("needs a codec");
            }
        }).join(T);
    }
}
