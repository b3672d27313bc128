package io.machinarium.net;

import io.machinarium.core.Coroutine;
import io.machinarium.core.IoFailedException;
import io.machinarium.core.spi.Blocker;
import io.machinarium.net.dns.Resolver;
import io.netty.channel.ChannelFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * Opening a connection (machinarium's connect): to an address — TCP or a Unix socket — or to a host name,
 * resolved without blocking the machine and tried address by address within one overall timeout. A connect
 * that times out or is cancelled is aborted; the channel is closed on every failure.
 *
 * <p>Thread: a coroutine, which suspends; the context is attached to its machine.
 */
final class Connecting {
    private Connecting() {
    }

    static IoContext connect(SocketAddress address, Duration timeout, IoOptions options) {
        Coroutine me = Confinement.requireCoroutine("IoContext.connect");
        Blocker.throwIfCancelled("connect to " + address);
        long deadline = Blocker.deadline(timeout);
        SocketAddress target = Transports.normalize(address);
        IoContext io = new IoContext(Transports.socket(me.machine().transport(), target), options,
                IoStats.of(me.machine().runtime()));
        try {
            Migration.register(io, me.machine(), deadline, timeout);
            ChannelFuture f = io.channel.connect(target);
            Blocker.Outcome o = Blocker.awaitFuture(f, deadline, "connect to " + address);
            if (o != Blocker.Outcome.WOKEN) {
                if (o == Blocker.Outcome.TIMED_OUT) {
                    io.stats.errors.increment();  // a connect that timed out failed; a cancelled one did not
                }
                o.orThrow("connect to", address, timeout);
            }
            if (!f.isSuccess()) {
                io.stats.errors.increment();
                throw NettyWaits.failure("connect to " + address, f.cause());
            }
            return io;
        } catch (RuntimeException e) {
            GracefulClose.abort(io);
            throw e;
        }
    }

    static IoContext connect(String host, int port, Duration timeout, IoOptions options) {
        Confinement.requireCoroutine("IoContext.connect");
        long deadline = Blocker.deadline(timeout);
        List<InetAddress> addresses = (options.resolver() != null ? options.resolver() : Resolver.system())
                .resolve(host, timeout);
        RuntimeException last = null;
        for (InetAddress a : addresses) {
            Duration left = deadline == Blocker.NO_DEADLINE ? null
                    : Duration.ofNanos(Math.max(0, deadline - Blocker.now()));
            try {
                return connect(new InetSocketAddress(a, port), left, options);
            } catch (IoFailedException e) {
                last = e;
            }
        }
        throw last != null ? last : new IoFailedException("'" + host + "' resolved to no address",
                new UnknownHostException(host));
    }
}
