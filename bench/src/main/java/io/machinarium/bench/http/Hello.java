package io.machinarium.bench.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * The one answer every HTTP server of the benchmark gives: {@code 200 OK}, keep-alive (HTTP/1.1's
 * default), content-length 5, body "hello". Shared buffers are unreleasable: writing a duplicate costs no
 * copy and releasing it is a no-op.
 */
final class Hello {
    /** The accept backlog of every hello server and nginx (the kernel caps it at {@code net.core.somaxconn}). */
    static final int BACKLOG = 4096;
    static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello")
            .getBytes(StandardCharsets.US_ASCII);
    private static final ByteBuf RESPONSE_BUF = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(RESPONSE.length).writeBytes(RESPONSE));
    private static final ByteBuf BODY = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(5).writeBytes("hello".getBytes(StandardCharsets.US_ASCII)));

    private Hello() {
    }

    /** @return the whole plaintext response as a buffer; any thread; releasing it is optional */
    static ByteBuf response() {
        return RESPONSE_BUF.duplicate();
    }

    /** @return a new response object for Netty's HTTP encoder; the encoder releases it */
    static FullHttpResponse responseObject() {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, BODY.duplicate());
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, 5).set(HttpHeaderNames.CONTENT_TYPE,
                HttpHeaderValues.TEXT_PLAIN);
        return r;
    }
}
