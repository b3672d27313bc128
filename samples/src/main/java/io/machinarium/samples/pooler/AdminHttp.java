package io.machinarium.samples.pooler;

import io.machinarium.core.DumpLimits;
import io.machinarium.core.Machinarium;
import io.machinarium.core.TimedOutException;
import io.machinarium.net.IoContext;
import io.machinarium.net.IoOptions;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The pooler's admin listener over Netty's HTTP codec: one request per connection. {@code GET /metrics}
 * answers the Prometheus text of the pooler's meters, {@code GET /coroutines} the dump of every coroutine of
 * the runtime. Thread safety: one instance serves every admin connection, each in its own coroutine.
 */
final class AdminHttp {
    /** Netty's HTTP codec and an aggregator of whole requests (with no body worth the name), ahead of the coroutine. */
    static final IoOptions HTTP = IoOptions.defaults().withCodec(() -> new ChannelHandler[] {
        new HttpServerCodec(), new HttpObjectAggregator(4096)});
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration DUMP_TIMEOUT = Duration.ofSeconds(2);

    private final Machinarium runtime;
    private final Supplier<String> metrics;

    /**
     * @param runtime the runtime whose coroutines {@code /coroutines} lists
     * @param metrics renders {@code /metrics}
     */
    AdminHttp(Machinarium runtime, Supplier<String> metrics) {
        this.runtime = runtime;
        this.metrics = metrics;
    }

    /**
     * Serves one admin connection. Blocks the calling coroutine.
     *
     * @param io the connection, opened with {@link #HTTP}, attached to the calling machine; the caller closes it
     */
    void serve(IoContext io) {
        FullHttpRequest req;
        try {
            req = io.readObject(TIMEOUT);
        } catch (TimedOutException e) {
            return;
        }
        if (req == null) {
            return;
        }
        FullHttpResponse res;
        try {
            if (!req.decoderResult().isSuccess()) {
                res = text(HttpResponseStatus.BAD_REQUEST, "text/plain", "bad request\n");
            } else if (!req.method().equals(HttpMethod.GET)) {
                res = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "only GET\n");
            } else if (req.uri().equals("/metrics")) {
                res = text(HttpResponseStatus.OK, "text/plain; version=0.0.4", metrics.get());
            } else if (req.uri().equals("/coroutines")) {
                StringBuilder dump = new StringBuilder();
                runtime.dump(DUMP_TIMEOUT, DumpLimits.DEFAULT, dump::append);
                res = text(HttpResponseStatus.OK, "text/plain", dump.toString());
            } else {
                res = text(HttpResponseStatus.NOT_FOUND, "text/plain", "try /metrics or /coroutines\n");
            }
        } finally {
            req.release();
        }
        io.writeObject(res, TIMEOUT);  // the codec encodes and releases it
    }

    private static FullHttpResponse text(HttpResponseStatus status, String type, String body) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, type + "; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return res;
    }
}
