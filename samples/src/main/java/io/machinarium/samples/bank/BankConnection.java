package io.machinarium.samples.bank;

import io.machinarium.core.IoFailedException;
import io.machinarium.core.MachinariumException;
import io.machinarium.core.TimedOutException;
import io.machinarium.net.IoContext;
import io.machinarium.net.IoOptions;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One HTTP/1.1 keep-alive connection of the bank: its coroutine reads decoded requests one at a time, in
 * order, and answers each, however many the client pipelines: reading pauses while requests wait (the
 * readahead), so a client that sends faster than the bank answers waits in TCP, and every request is
 * answered. Should the codec refuse the input all the same, every request read before it gets its answer,
 * then a {@code 503} with {@code Connection: close} says why the connection ends — never a bare FIN.
 *
 * <p>A client that is slow to send a request (a slowloris holding connections open a byte at a time), sends
 * a body over the limit, or stays idle too long is answered and closed by the {@link RequestDeadlines} and the
 * {@link BodyLimit}: {@code 408}, {@code 413}, or a quiet close when idle.
 */
final class BankConnection {
    /**
     * How many requests read and not yet answered Netty's codec allows. Past its default (128) it refuses
     * the next request and closes the connection after its next answer, so the requests read before it were
     * never answered (a client pipelining 200 got one answer, or none). The readahead bounds what waits
     * already: reading pauses at 1,024 queued requests, and the socket read under way when it pauses brings
     * at most 64 KiB, some 4,100 requests of 16 bytes; this depth is above both together.
     */
    static final int PIPELINE_DEPTH = 1 << 16;
    /**
     * The pipeline of a bank connection: the {@link RequestDeadlines} around Netty's HTTP codec, and an
     * aggregator of whole requests ({@link BodyLimit}) ahead of the connection's coroutine.
     *
     * @param limits the read deadlines
     * @return the connection options for the listener
     */
    static IoOptions http(HttpLimits limits) {
        return IoOptions.defaults().withCodec(() -> {
            RequestDeadlines deadlines = new RequestDeadlines(limits);
            return new ChannelHandler[] {deadlines.bytes(), new HttpServerCodec(new HttpDecoderConfig(), PIPELINE_DEPTH),
                deadlines.requests(), new BodyLimit(BankApi.MAX_BODY)};
        });
    }

    /** How often an idle keep-alive connection checks whether the bank is draining. */
    static final Duration IDLE_CHECK = Duration.ofMillis(250);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    private BankConnection() {
    }

    /**
     * Serves the connection until the client closes it. Once the bank is draining, a request still answered
     * gets {@code Connection: close}, and a connection idle for {@link #IDLE_CHECK} is closed, so that idle
     * keep-alive clients do not hold a shutdown for its whole grace period. Blocks the calling coroutine; the
     * caller closes the context afterwards.
     *
     * @param io the connection, opened with {@link #HTTP}
     * @param api answers the requests
     * @param draining set once the bank is shutting down
     */
    static void serve(IoContext io, BankApi api, AtomicBoolean draining) {
        for (;;) {
            Object read;
            try {
                read = io.readObject(IDLE_CHECK);
            } catch (TimedOutException e) {  // nothing arrived: a partly received request stays in the codec
                if (draining.get()) {
                    return;
                }
                continue;
            } catch (IoFailedException e) {
                refuse(io, api, e);
                return;
            }
            if (read == null) {
                return;
            }
            if (!(read instanceof FullHttpRequest req)) {
                endEarly(io, api, read);
                return;
            }
            FullHttpResponse res;
            boolean keepAlive;
            try {
                res = api.handle(req);
                keepAlive = HttpUtil.isKeepAlive(req) && req.decoderResult().isSuccess() && !draining.get();
            } finally {
                req.release();
            }
            HttpUtil.setKeepAlive(res, keepAlive);
            io.writeObject(res, WRITE_TIMEOUT);
            if (!keepAlive) {
                return;
            }
        }
    }

    /**
     * A request that cannot be read whole ends the connection: a body over the limit gets {@code 413}, a
     * request that did not arrive in time {@code 408}; an idle connection is closed without a word.
     */
    private static void endEarly(IoContext io, BankApi api, Object why) {
        FullHttpResponse res = switch (why) {
            case BodyLimit.TooLarge t -> api.tooLarge(t.limit());
            case RequestDeadlines.Expired e when e.phase() != RequestDeadlines.Phase.IDLE -> api.timedOut(
                    "the request's " + (e.phase() == RequestDeadlines.Phase.HEAD ? "head" : "body")
                    + " did not arrive within " + e.timeout().toMillis() + " ms");
            default -> null;
        };
        if (res != null) {
            HttpUtil.setKeepAlive(res, false);
            try {
                io.writeObject(res, WRITE_TIMEOUT);
            } catch (MachinariumException e) {
                // the peer is gone
            }
        }
    }

    /**
     * The codec refused what followed the requests answered so far (more pipelined requests than it queues,
     * say) and reads no more: tell the client, which may send the rest again on a new connection. If the
     * connection itself failed, the answer cannot be sent either, and that is all.
     */
    private static void refuse(IoContext io, BankApi api, IoFailedException why) {
        FullHttpResponse res = api.unavailable("request refused: " + why.getCause().getMessage()
                + "; send it again on a new connection");
        HttpUtil.setKeepAlive(res, false);
        try {
            io.writeObject(res, WRITE_TIMEOUT);
        } catch (MachinariumException e) {
            // the peer is gone
        }
    }
}
