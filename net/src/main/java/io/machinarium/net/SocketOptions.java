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

/**
 * The socket options of one connection ({@link IoContext#socket()}): TCP_NODELAY, keepalive with its
 * timing, TCP_USER_TIMEOUT, linger, and any Netty channel option — with the per-transport handling that
 * keepalive timing and TCP_USER_TIMEOUT need (epoll and NIO name them differently; NIO cannot set the user
 * timeout).
 *
 * <p>Thread: the machine that owns the connection (Netty applies options on any thread, but the context's
 * rules are its machine's). Never blocks.
 *
 * @since 0.1.0
 */
public final class SocketOptions {
    private final Channel channel;

    SocketOptions(Channel channel) {
        this.channel = channel;
    }

    /**
     * Sets TCP_NODELAY.
     *
     * @param on whether to send small writes at once
     * @return these options, for chaining
     */
    public SocketOptions noDelay(boolean on) {
        return set(ChannelOption.TCP_NODELAY, on);
    }

    /**
     * Turns TCP keepalive on with the given timing, and sets TCP_USER_TIMEOUT to the advised value
     * (epoll only for the timing; see {@link Keepalive#advisedUserTimeout()}).
     *
     * @param k the keepalive timing
     * @return these options, for chaining
     */
    public SocketOptions keepAlive(Keepalive k) {
        Channel ch = channel;
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
        return this;
    }

    /**
     * Sets TCP_USER_TIMEOUT: how long sent data may stay unacknowledged before the connection is dropped.
     *
     * @param timeout the timeout
     * @return these options, for chaining
     * @throws MisuseException on a transport that cannot set it (NIO)
     */
    public SocketOptions userTimeout(Duration timeout) {
        if (!(channel instanceof EpollSocketChannel)) {
            throw new MisuseException("TCP_USER_TIMEOUT needs a TCP connection on the epoll transport");
        }
        channel.config().setOption(EpollChannelOption.TCP_USER_TIMEOUT, (int) timeout.toMillis());
        return this;
    }

    /**
     * Sets SO_LINGER to 0: {@link IoContext#close()} then resets the connection instead of a graceful FIN.
     *
     * @return these options, for chaining
     */
    public SocketOptions lingerZero() {
        return set(ChannelOption.SO_LINGER, 0);
    }

    /**
     * Sets any Netty channel option.
     *
     * @param option the option
     * @param value its value
     * @param <T> the value type
     * @return these options, for chaining
     * @throws IllegalArgumentException if the transport does not support it
     */
    public <T> SocketOptions set(ChannelOption<T> option, T value) {
        if (!channel.config().setOption(option, value)) {
            throw new IllegalArgumentException("option " + option + " is not supported by " + channel.getClass().getSimpleName());
        }
        return this;
    }

    /**
     * Reads a Netty channel option.
     *
     * @param option the option
     * @param <T> the value type
     * @return its value, or null if unsupported
     */
    public <T> T get(ChannelOption<T> option) {
        return channel.config().getOption(option);
    }
}
