package io.machinarium.net;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;

/**
 * How a Netty channel is made ready to be an IO context: half-closure allowed (a peer's FIN ends reads, not
 * the connection), the write-buffer water marks that writes wait on, a read size bounded by
 * {@link Readahead#MAX_READ}, TCP_NODELAY when asked for, the codec's handlers and, last in the pipeline,
 * the context's adapter; and the close of the channel counted and told to the context's close watchers.
 */
final class ChannelSetup {
    private ChannelSetup() {
    }

    static void prepare(IoContext io, Channel channel, IoOptions options) {
        channel.closeFuture().addListener(f -> {
            io.stats.closed.increment();
            io.closeWatch.channelClosed();
        });
        ChannelConfig cfg = channel.config();
        cfg.setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        cfg.setWriteBufferWaterMark(new WriteBufferWaterMark(options.writeLow(), options.writeHigh()));
        // Netty 4.2's epoll transport is level-triggered only, so turning autoRead off stops reading at
        // once and readahead stays near its high-water mark; one read delivers at most MAX_READ bytes.
        cfg.setRecvByteBufAllocator(new AdaptiveRecvByteBufAllocator(64, 2048, Readahead.MAX_READ));
        if (channel instanceof SocketChannel && options.noDelay()) {
            cfg.setOption(ChannelOption.TCP_NODELAY, true);
        }
        if (options.codec() != null) {
            for (ChannelHandler h : options.codec().get()) {
                channel.pipeline().addLast(h);
            }
        }
        channel.pipeline().addLast("machinarium-io", io.adapter);
    }
}
