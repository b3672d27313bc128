package io.machinarium.net;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machine;
import io.machinarium.core.MisuseException;
import io.machinarium.core.spi.Blocker;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Promise;
import java.time.Duration;

/**
 * How an IO context moves between machines (machinarium's attach/detach, the acceptor → worker hand-off):
 * the channel is deregistered from its loop, keeping the readahead, and registered with the new machine's
 * loop. Netty's deregister/register is delicate (netty#4372: handler contexts keep the old executor), so all
 * loop state lives in the context's own adapter and readahead, and deregistration finishes on the old loop —
 * every task it still holds for the channel has run — before the context may be attached elsewhere. A
 * channel that closed meanwhile attaches as an ordinary end of stream.
 *
 * <p>Thread: {@link #detach} on the owning machine; {@link #attach} on the receiving one.
 */
final class Migration {
    private Migration() {
    }

    static void register(IoContext io, Machine m, long deadline, Duration timeout) {
        NettyWaits.sync(m.eventLoop().register(io.channel), deadline, timeout, "registration with machine " + m.name());
        io.owner = m;
    }

    static void detach(IoContext io) {
        Channel ch = io.channel;
        EventLoop old = ch.eventLoop();
        NettyWaits.sync(ch.deregister(), Blocker.NO_DEADLINE, null, "detach of " + io.remoteAddress());
        // Tasks the old loop still holds for this channel run before the context leaves it.
        Promise<Void> barrier = old.newPromise();
        old.execute(() -> barrier.setSuccess(null));
        Blocker.awaitFuture(barrier, Blocker.NO_DEADLINE, io);
        io.owner = null;
    }

    static void attach(IoContext io, Coroutine me) {
        Machine owner = io.owner;
        if (owner != null) {
            throw new MisuseException("this IO context is already attached to machine '" + owner.name() + "'.");
        }
        if (!io.channel.isOpen()) {
            io.owner = me.machine();
            io.input.eof = true;
        } else {
            register(io, me.machine(), Blocker.NO_DEADLINE, null);
        }
        io.closeWatch.attached();
    }
}
