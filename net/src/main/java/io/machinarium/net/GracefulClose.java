package io.machinarium.net;

import io.machinarium.core.Coroutine;
import io.machinarium.core.Machine;
import io.machinarium.core.MisuseException;
import io.machinarium.core.spi.Blocker;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.List;

/**
 * How an IO context ends: the half-close (the layers' ends of output, then FIN; reading goes on), the
 * close that waits while written bytes keep leaving, and the reset — a close that leaves written bytes
 * unsent resets the connection (RST), so that the peer never takes a stream cut short for one that ended
 * cleanly.
 *
 * <p>Thread: the owning machine, but {@link #close} from any thread (it then hands the close to the loop).
 */
final class GracefulClose {
    private GracefulClose() {
    }

    static void shutdownOutput(IoContext io, Duration timeout) {
        io.output.drain(timeout);
        Channel ch = io.channel;
        if (!(ch instanceof DuplexChannel d)) {
            throw new MisuseException("this connection type cannot half-close");
        }
        long deadline = Blocker.deadline(timeout);
        for (Future<?> end : endsOfOutput(io)) {
            NettyWaits.sync(end, deadline, timeout, "end of a stream layer's output to " + io.remoteAddress());
        }
        NettyWaits.sync(d.shutdownOutput(), deadline, timeout, "half-close of " + io.remoteAddress());
        if (d.isInputShutdown()) {
            EpollInterest.letGo(ch);
        }
    }

    /** The layers' ends of output, outermost first. */
    private static List<Future<?>> endsOfOutput(IoContext io) {
        return io.layers == null ? List.of() : io.layers.endOfOutput();
    }

    static void close(IoContext io) {
        Machine m = io.machine();
        Channel ch = io.channel;
        if (m != null && Machine.current() == m && Coroutine.current() != null) {
            if (io.closing) {
                return;
            }
            io.closing = true;
            boolean outputShut = ch instanceof DuplexChannel d && d.isOutputShutdown();
            boolean healthy = ch.isActive() && io.adapter.error == null && !outputShut;
            if (healthy) {
                endsOfOutput(io);
            }
            if (healthy && !awaitSent(io)) {
                resetOnAbort(ch);
            }
            abort(io);
        } else if (m != null) {
            ch.eventLoop().execute(() -> {
                if (unsentBytes(ch) > 0) {
                    resetOnAbort(ch);
                }
                abort(io);
            });
        } else {
            abort(io);
        }
    }

    /** Waits while written bytes keep leaving. @return whether all of them left */
    private static boolean awaitSent(IoContext io) {
        Channel ch = io.channel;
        ChannelFuture sent = io.output.flushed();
        SendProgress progress = new SendProgress();
        try {
            for (progress.moved(ch.unsafe().outboundBuffer()); ; ) {
                Blocker.Outcome o = Blocker.awaitFuture(sent, Blocker.deadline(io.options.closeTimeout()), io);
                if (o != Blocker.Outcome.TIMED_OUT) {
                    return sent.isDone() && sent.isSuccess();
                }
                if (!progress.moved(ch.unsafe().outboundBuffer())) {
                    return false;  // nothing left for a whole close timeout: the peer does not read
                }
            }
        } catch (RuntimeException e) {
            return false;  // cancelled: closing anyway
        }
    }

    /** Written bytes not yet handed to the operating system; on the loop. */
    private static long unsentBytes(Channel ch) {
        ChannelOutboundBuffer out = ch.unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }

    /**
     * Whether bytes left the outbound buffer since the last look. Its byte count drops only when a whole
     * message has left, so a partly sent message counts too: its readable bytes shrink as it goes.
     */
    private static final class SendProgress {
        private long total = Long.MAX_VALUE;
        private Object current;
        private int currentLeft;

        boolean moved(ChannelOutboundBuffer out) {
            long t = out == null ? 0 : out.totalPendingWriteBytes();
            Object c = out == null ? null : out.current();
            int left = c instanceof ByteBuf b ? b.readableBytes() : 0;
            boolean moved = t < total || c != current || left < currentLeft;
            total = t;
            current = c;
            currentLeft = left;
            return moved;
        }
    }

    /** {@link IoContext#reset()}: on the owning machine, else handed to the channel's loop. */
    static void reset(IoContext io) {
        Machine m = io.owner;
        if (m != null && Machine.current() != m) {
            io.channel.eventLoop().execute(() -> reset(io));
            return;
        }
        resetOnAbort(io.channel);
        abort(io);
    }

    /** Makes the coming close a reset: the peer must not see a clean end of a stream cut short. */
    static void resetOnAbort(Channel ch) {
        if (ch.isOpen() && ch instanceof SocketChannel) {
            try {
                ch.config().setOption(ChannelOption.SO_LINGER, 0);
            } catch (RuntimeException e) {
                // closed meanwhile
            }
        }
    }

    /** Closes at once, discarding unsent bytes, and frees the buffered input; on the loop or while detached. */
    static void abort(IoContext io) {
        io.closing = true;
        Channel ch = io.channel;
        if (ch.isRegistered()) {
            ch.close();
        } else {
            ch.unsafe().close(ch.unsafe().voidPromise());
        }
        io.input.release();
    }
}
