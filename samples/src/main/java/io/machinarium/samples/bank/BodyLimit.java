package io.machinarium.samples.bank;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Netty's aggregator of whole requests, with the bank's answer to a body over the limit: instead of the
 * aggregator's own bare {@code 413}, the connection's coroutine reads a {@link TooLarge} in place of the
 * request and answers it like any other ({@code 413} with a JSON body, counted in the metrics), then closes
 * the connection, since the rest of the body is still coming. Runs on the connection's event loop.
 */
final class BodyLimit extends HttpObjectAggregator {
    /**
     * A request whose body is larger than the limit; its head and the body read so far were released.
     *
     * @param limit the largest body accepted, in bytes
     */
    record TooLarge(int limit) {
    }

    /**
     * Aggregates requests of at most {@code maxBody} bytes of body.
     *
     * @param maxBody the largest body accepted
     */
    BodyLimit(int maxBody) {
        super(maxBody);
    }

    /**
     * A client that asks {@code Expect: 100-continue} for a body over the limit gets the same JSON {@code 413}
     * (the aggregator would answer its own bare one): no {@code 100 Continue}, and the request is oversized.
     */
    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        if (HttpUtil.is100ContinueExpected(start) && HttpUtil.getContentLength(start, -1L) > maxContentLength) {
            return null;
        }
        return super.newContinueResponse(start, maxContentLength, pipeline);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        // The aggregator releases the oversized message afterwards and skips what is left of its body.
        ctx.fireChannelRead(new TooLarge(maxContentLength()));
    }
}
