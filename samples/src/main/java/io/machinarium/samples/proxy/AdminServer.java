package io.machinarium.samples.proxy;

import io.machinarium.core.DumpLimits;
import io.machinarium.core.Machinarium;
import io.machinarium.net.IoContext;
import io.machinarium.net.IoOptions;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The proxy's admin listener: HTTP/1.1 decoded and encoded by Netty's HTTP codec ({@link #HTTP}), one request
 * per connection. {@code GET /metrics} answers the Prometheus text of the proxy's metrics, {@code GET
 * /coroutines} the dump of every coroutine, streamed in chunks as it is taken
 * ({@link Machinarium#dump(Duration, DumpLimits, java.util.function.Consumer)}). A client that goes away or is
 * too slow (no whole request within 5 s) ends its connection with a {@code MachinariumException}, which the
 * admin server takes quietly. Thread safety: one instance serves every admin connection, each in its own
 * coroutine.
 */
final class AdminServer {
    /** Netty's HTTP codec and an aggregator of whole requests (an admin request has no body to speak of). */
    static final IoOptions HTTP = IoOptions.defaults().withCodec(() -> new ChannelHandler[] {
        new HttpServerCodec(), new HttpObjectAggregator(8192)});
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
    /** How long a machine may take to answer one slice of the dump before it is reported as busy. */
    private static final Duration DUMP_TIMEOUT = Duration.ofSeconds(2);
    private static final String TEXT = "text/plain; charset=utf-8";

    private final Machinarium runtime;
    private final Supplier<String> metrics;

    /**
     * Creates the responder.
     *
     * @param runtime the runtime whose coroutines {@code /coroutines} lists
     * @param metrics renders the text of {@code /metrics}
     */
    AdminServer(Machinarium runtime, Supplier<String> metrics) {
        this.runtime = runtime;
        this.metrics = metrics;
    }

    /**
     * Serves one admin connection: one request, one response. Blocks the calling coroutine.
     *
     * @param io the connection, opened with {@link #HTTP} and attached to the calling machine; the caller
     *     closes it
     */
    void serve(IoContext io) {
        FullHttpRequest req = io.readObject(REQUEST_TIMEOUT);
        if (req == null) {
            return;
        }
        try {
            String path = req.decoderResult().isSuccess() ? new QueryStringDecoder(req.uri()).path() : null;
            if (path == null) {
                respond(io, HttpResponseStatus.BAD_REQUEST, TEXT, "bad request\n");
            } else if (!req.method().equals(HttpMethod.GET)) {
                respond(io, HttpResponseStatus.METHOD_NOT_ALLOWED, TEXT, "only GET\n");
            } else if (path.equals("/metrics")) {
                respond(io, HttpResponseStatus.OK, ProxyMetrics.CONTENT_TYPE, metrics.get());
            } else if (path.equals("/coroutines")) {
                streamDump(io);
            } else {
                respond(io, HttpResponseStatus.NOT_FOUND, TEXT, "try /metrics or /coroutines\n");
            }
        } catch (IllegalArgumentException e) {  // a broken %-escape in the URI
            respond(io, HttpResponseStatus.BAD_REQUEST, TEXT, "bad request\n");
        } finally {
            req.release();
        }
    }

    /**
     * Writes the coroutine dump as it is taken, one HTTP chunk per slice (the codec frames the chunks): the
     * machines list their coroutines a hundred at a time between their other work (at most
     * {@link DumpLimits#DEFAULT} per machine), so neither a large dump nor a slow admin client holds up the
     * proxy's traffic.
     */
    private void streamDump(IoContext io) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, TEXT)
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        HttpUtil.setKeepAlive(head, false);
        io.writeObject(head, WRITE_TIMEOUT);
        runtime.dump(DUMP_TIMEOUT, DumpLimits.DEFAULT, text -> io.writeObject(  // the context releases each chunk
                new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)), WRITE_TIMEOUT));
        io.writeObject(LastHttpContent.EMPTY_LAST_CONTENT, WRITE_TIMEOUT);
    }

    private static void respond(IoContext io, HttpResponseStatus status, String type, String body) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        if (status.equals(HttpResponseStatus.METHOD_NOT_ALLOWED)) {
            res.headers().set(HttpHeaderNames.ALLOW, HttpMethod.GET.name());
        }
        HttpUtil.setContentLength(res, res.content().readableBytes());
        HttpUtil.setKeepAlive(res, false);
        io.writeObject(res, WRITE_TIMEOUT);
    }
}
