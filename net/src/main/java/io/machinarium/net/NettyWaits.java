package io.machinarium.net;

import io.machinarium.core.ClosedException;
import io.machinarium.core.IoFailedException;
import io.machinarium.core.spi.Blocker;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;

/** Waits for Netty futures ({@link Blocker#awaitFuture}) and turns their failures into exceptions. */
final class NettyWaits {
    private NettyWaits() {
    }

    /** Waits for {@code f} and throws if it failed, timed out or the caller was cancelled. */
    static void sync(Future<?> f, long deadline, Duration timeout, String what) {
        Blocker.Outcome o = Blocker.awaitFuture(f, deadline, what);
        o.orThrow(what, null, timeout);
        if (!f.isSuccess()) {
            throw failure(what, f.cause());
        }
    }

    static RuntimeException failure(String what, Throwable cause) {
        if (cause instanceof ClosedException c) {
            return new ClosedException(what + " failed: " + c.getMessage());
        }
        if (cause instanceof ClosedChannelException) {
            return new ClosedException(what + " failed: the connection is closed");
        }
        IOException io = cause instanceof IOException e ? e : new IOException(cause);
        return new IoFailedException(what + " failed: " + cause.getMessage(), io);
    }
}
