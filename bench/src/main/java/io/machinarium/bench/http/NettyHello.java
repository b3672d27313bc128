package io.machinarium.bench.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;

/**
 * The hello server as plain Netty callback code on the same Netty and transport as ours: one epoll
 * event-loop thread accepts and serves (or several, each serving the connections Netty registers with it
 * in turn); answers are written per request and flushed when a read burst
 * ends ({@code channelReadComplete}).
 */
final class NettyHello {
    private NettyHello() {
    }

    /**
     * Serves on 127.0.0.1:{@code port} until the process ends; blocks the calling thread forever.
     *
     * @param port the port
     * @param codec false: raw bytes with a minimal request counter; true: Netty's HTTP codec
     * @param loops event-loop threads (one of them also accepts)
     * @throws InterruptedException if interrupted while serving
     */
    static void serve(int port, boolean codec, int loops) throws InterruptedException {
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(loops, EpollIoHandler.newFactory());
        try {
            new ServerBootstrap().group(loop).channel(EpollServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, Hello.BACKLOG)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (codec) {
                                ch.pipeline().addLast(new HttpServerCodec(), new Objects());
                            } else {
                                ch.pipeline().addLast(new Bytes());
                            }
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel().closeFuture().sync();
        } finally {
            loop.shutdownGracefully();
        }
    }

    /** Raw bytes in; one answer per request head. Called on the event loop; releases what it reads. */
    private static final class Bytes extends ChannelInboundHandlerAdapter {
        private final RequestCounter requests = new RequestCounter();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            int n;
            try {
                n = requests.feed(b);
            } finally {
                b.release();
            }
            for (int i = 0; i < n; i++) {
                ctx.write(Hello.response(), ctx.voidPromise());
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Decoded HTTP objects in; one answer per request's last content. Releases what it reads. */
    private static final class Objects extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            boolean last = msg instanceof LastHttpContent;
            ReferenceCountUtil.release(msg);
            if (last) {
                ctx.write(Hello.responseObject(), ctx.voidPromise());
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
