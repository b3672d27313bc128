package io.machinarium.net;

import io.machinarium.core.MisuseException;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Duration;
import jdk.net.ExtendedSocketOptions;

/** TCP options that need per-transport handling: keepalive timing and TCP_USER_TIMEOUT. */
final class SocketOptions {
    private SocketOptions() {
    }

    static void keepAlive(Channel ch, Keepalive k) {
        ch.config().setOption(ChannelOption.SO_KEEPALIVE, true);
        if (ch instanceof EpollSocketChannel) {
            ch.config().setOption(EpollChannelOption.TCP_KEEPIDLE, k.idleSeconds());
            ch.config().setOption(EpollChannelOption.TCP_KEEPINTVL, k.intervalSeconds());
            ch.config().setOption(EpollChannelOption.TCP_KEEPCNT, k.probes());
            ch.config().setOption(EpollChannelOption.TCP_USER_TIMEOUT, (int) k.advisedUserTimeout().toMillis());
        } else if (ch instanceof NioSocketChannel) {
            ch.config().setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE), k.idleSeconds());
            ch.config().setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL), k.intervalSeconds());
            ch.config().setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT), k.probes());
        } else {
            throw new MisuseException("keepalive applies to TCP connections only");
        }
    }

    static void userTimeout(Channel ch, Duration timeout) {
        if (!(ch instanceof EpollSocketChannel)) {
            throw new MisuseException("TCP_USER_TIMEOUT needs a TCP connection on the epoll transport");
        }
        ch.config().setOption(EpollChannelOption.TCP_USER_TIMEOUT, (int) timeout.toMillis());
    }
}
