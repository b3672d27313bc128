package io.machinarium.bench;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.net.IoContext;
import io.machinarium.net.Listener;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A 64-byte echo round trip over loopback: the same blocking JDK client talks to an echo server
 * written as a coroutine on an IO context, or to one written as a plain Netty handler (epoll, one
 * event-loop thread each). The client is identical, so the ratio isolates the servers. With
 * {@code connections} above 1, one operation sends 64 bytes on every connection, then reads every echo:
 * that many round trips in flight at once (the harness divides the score by {@code connections}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EchoBench {
    /** Which server answers: "coroutine" or "netty". */
    @Param({"coroutine", "netty"})
    public String server;

    /** How many connections carry a ping at once. */
    @Param({"1"})
    public int connections;

    private Machinarium runtime;
    private EventLoopGroup group;
    private Channel nettyServer;
    private SocketChannel[] clients;
    private final ByteBuffer out = ByteBuffer.allocateDirect(64);
    private final ByteBuffer in = ByteBuffer.allocateDirect(64);

    @Setup(Level.Trial)
    public void start() throws Exception {
        InetSocketAddress addr;
        if (server.equals("coroutine")) {
            runtime = Machinarium.start(MachinariumConfig.builder().machines(1).build());
            AtomicReference<InetSocketAddress> bound = new AtomicReference<>();
            runtime.machine(0).spawn("echo-acceptor", () -> {
                try (Listener l = Listener.bind(new InetSocketAddress("127.0.0.1", 0))) {
                    bound.set((InetSocketAddress) l.localAddress());
                    for (;;) {
                        IoContext io = l.accept(null);
                        Coroutine.current().machine().spawn(() -> {
                            try (io) {
                                for (ByteBuf b = io.readSome(null); b != null; b = io.readSome(null)) {
                                    io.write(b);
                                }
                            }
                        });
                    }
                }
            });
            while (bound.get() == null) {
                Thread.onSpinWait();
            }
            addr = bound.get();
        } else {
            group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
            nettyServer = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new Echo())
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            addr = (InetSocketAddress) nettyServer.localAddress();
        }
        clients = new SocketChannel[connections];
        for (int i = 0; i < connections; i++) {
            clients[i] = SocketChannel.open(addr);
            clients[i].setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        for (SocketChannel c : clients) {
            c.close();
        }
        if (runtime != null) {
            runtime.close();
        }
        if (group != null) {
            nettyServer.close().sync();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** One 64-byte request on every connection, then every echo. */
    @Benchmark
    public int roundTrip() throws IOException {
        for (SocketChannel c : clients) {
            out.clear();
            while (out.hasRemaining()) {
                c.write(out);
            }
        }
        int sum = 0;
        for (SocketChannel c : clients) {
            in.clear();
            while (in.hasRemaining()) {
                if (c.read(in) < 0) {
                    throw new IOException("server closed");
                }
            }
            sum += in.get(0);
        }
        return sum;
    }

    /** The plain Netty echo handler. */
    @ChannelHandler.Sharable
    static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

}
