package io.machinarium.net;

import io.machinarium.core.Blocker;
import io.machinarium.core.CancelledException;
import io.machinarium.core.ClosedException;
import io.machinarium.core.IoFailedException;
import io.machinarium.core.TimedOutException;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;

/** Suspends the calling coroutine until a Netty future completes, and turns failures into exceptions. */
final class NettyWaits {
    private NettyWaits() {
    }

    /**
     * Waits for {@code f}; returns its outcome: WOKEN when done, else TIMED_OUT or CANCELLED with the
     * future still running (the caller cancels what it started).
     */
    static Blocker.Outcome await(Future<?> f, long deadline, Object waitingOn) {
        if (f.isDone()) {
            return Blocker.Outcome.WOKEN;
        }
        Blocker me = Blocker.current();
        long ticket = me.prepare(waitingOn);
        f.addListener(x -> me.wake(ticket));
        Blocker.Outcome o = me.await(ticket, deadline);
        return f.isDone() ? Blocker.Outcome.WOKEN : o;
    }

    /** Waits for {@code f} and throws if it failed, timed out or the caller was cancelled. */
    static void sync(Future<?> f, long deadline, Duration timeout, String what) {
        Blocker.Outcome o = await(f, deadline, what);
        if (o == Blocker.Outcome.TIMED_OUT) {
            throw new TimedOutException(what + " did not complete within " + timeout);
        }
        if (o == Blocker.Outcome.CANCELLED) {
            throw new CancelledException(what + " was cancelled");
        }
        if (!f.isSuccess()) {
            throw failure(what, f.cause());
        }
    }

    static RuntimeException failure(String what, Throwable cause) {
        if (cause instanceof ClosedChannelException) {
            return new ClosedException(what + " failed: the connection is closed");
        }
        IOException io = cause instanceof IOException e ? e : new IOException(cause);
        return new IoFailedException(what + " failed: " + cause.getMessage(), io);
    }
}
