package io.machinarium.samples;

import io.netty.channel.unix.DomainSocketAddress;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * A {@code HOST:PORT} pair as given on a command line ({@code 127.0.0.1:7000}, {@code localhost:6432},
 * {@code [::1]:7000}), kept unresolved so that connecting can resolve it without blocking a machine.
 *
 * @param host a host name or address literal, without brackets
 * @param port the TCP port, 0 to 65535 (0: any free port, for listening)
 */
public record HostPort(String host, int port) {
    /**
     * Parses {@code HOST:PORT}; an IPv6 literal is written in brackets.
     *
     * @param options the sample's options, for the error message
     * @param option the option's name, for the error message
     * @param text what the user wrote
     * @return the pair
     * @throws Options.BadOptionException if it is not {@code HOST:PORT} with a port from 0 to 65535
     */
    public static HostPort parse(Options options, String option, String text) {
        int colon = text.lastIndexOf(':');
        String host = colon > 0 ? text.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        // Brackets only enclose a whole host (an IPv6 literal); any left inside would not read back the same.
        if (host.isEmpty() || host.indexOf('[') >= 0 || host.indexOf(']') >= 0
                || host.contains(":") && !text.startsWith("[")) {
            throw options.bad("--" + option + " needs HOST:PORT, not '" + text + "'");
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new HostPort(host, port);
        } catch (NumberFormatException e) {
            throw options.bad("--" + option + " needs a port from 0 to 65535 in '" + text + "'");
        }
    }

    /**
     * The socket address to bind or connect to. Resolves a host name on the calling thread: use it at
     * start-up, not inside a coroutine (connect with the host and port instead).
     *
     * @return the resolved address (unresolved if the name is unknown; binding it then fails)
     */
    public InetSocketAddress resolve() {
        return new InetSocketAddress(host, port);
    }

    /**
     * Formats an address the way a user writes it: {@code 127.0.0.1:7000}, {@code [::1]:7000}, or the path
     * of a Unix socket.
     *
     * @param address a TCP or Unix socket address
     * @return the text
     */
    public static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress a) {
            String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
            return (a.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + a.getPort();
        }
        if (address instanceof UnixDomainSocketAddress u) {
            return u.getPath().toString();
        }
        if (address instanceof DomainSocketAddress d) {
            return d.path();
        }
        return String.valueOf(address);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
