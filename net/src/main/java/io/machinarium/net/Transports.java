package io.machinarium.net;

import io.machinarium.core.MisuseException;
import io.machinarium.core.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/** Picks the Netty channel class for a machine's transport and an address family. */
final class Transports {
    private Transports() {
    }

    /** Converts the JDK's Unix address into Netty's; other addresses pass through. */
    static SocketAddress normalize(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress u) {
            return new DomainSocketAddress(u.getPath().toString());
        }
        return address;
    }

    static boolean isUnix(SocketAddress address) {
        return address instanceof DomainSocketAddress;
    }

    static Channel socket(Transport transport, SocketAddress address) {
        if (isUnix(address)) {
            requireEpoll(transport);
            return new EpollDomainSocketChannel();
        }
        return transport == Transport.EPOLL ? new EpollSocketChannel() : new NioSocketChannel();
    }

    static ServerChannel server(Transport transport, SocketAddress address) {
        if (isUnix(address)) {
            requireEpoll(transport);
            return new EpollServerDomainSocketChannel();
        }
        return transport == Transport.EPOLL ? new EpollServerSocketChannel() : new NioServerSocketChannel();
    }

    private static void requireEpoll(Transport transport) {
        if (transport != Transport.EPOLL) {
            throw new MisuseException("Unix domain sockets need the epoll transport; this machine runs " + transport + ".");
        }
    }
}
