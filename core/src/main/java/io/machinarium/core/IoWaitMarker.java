package io.machinarium.core;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import io.netty.util.concurrent.ThreadAwareExecutor;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * Wraps the machine's Netty {@link IoHandler} (epoll or NIO) to tell whether the machine thread is
 * blocked in its IO wait ({@code epoll_wait}, {@code select}) — the only time a machine is really idle.
 * While Netty runs channel handlers or event-loop tasks the machine is working, and a handler or task
 * that holds it is a stall like any coroutine that does ({@link StallWatchdog}).
 *
 * <p>How the wait is seen: both Netty handlers ask the context {@link IoHandlerContext#canBlock()}
 * right before they block, and {@link IoHandlerContext#shouldReportActiveIoTime()} right after the wait
 * returns, before they dispatch any ready channel (Netty 4.2.18: {@code EpollIoHandler.run},
 * {@code NioIoHandler.run}). This class is the context the wrapped handler sees: a yes from
 * {@code canBlock} marks the wait, the next question (or the end of {@code run}) clears it. That costs
 * one ordered store on each side of a blocking wait and nothing on a non-blocking poll.
 * {@code StallInNettyTest} fails if a Netty update moves these calls.
 *
 * <p>Thread: {@link #run} and the context methods on the machine thread; {@link #isWaiting()} from any.
 */
final class IoWaitMarker implements IoHandler, IoHandlerContext {
    private static final VarHandle WAITING;

    static {
        try {
            WAITING = MethodHandles.lookup().findVarHandle(IoWaitMarker.class, "waiting", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final IoHandler delegate;
    /** The context of the current {@link #run}; machine thread only. */
    private IoHandlerContext outer;
    /** Written by the machine thread with release stores; read by the stall watchdog. */
    @SuppressWarnings("unused")
    private boolean waiting;

    private IoWaitMarker(IoHandler delegate) {
        this.delegate = delegate;
    }

    /**
     * A factory whose handlers mark their waits.
     *
     * @param factory makes the real handler
     * @param created receives the marker made for the machine (its event loop makes exactly one)
     * @return the wrapping factory
     */
    static IoHandlerFactory wrap(IoHandlerFactory factory, Consumer<IoWaitMarker> created) {
        return new IoHandlerFactory() {
            @Override
            public IoHandler newHandler(ThreadAwareExecutor executor) {
                IoWaitMarker marker = new IoWaitMarker(factory.newHandler(executor));
                created.accept(marker);
                return marker;
            }

            @Override
            public boolean isChangingThreadSupported() {
                return factory.isChangingThreadSupported();
            }
        };
    }

    /** Whether the machine thread is blocked in its IO wait now (a racy read, for the stall watchdog). */
    boolean isWaiting() {
        return (boolean) WAITING.getOpaque(this);
    }

    private void clear() {
        if ((boolean) WAITING.get(this)) {
            WAITING.setRelease(this, false);
        }
    }

    // ---- IoHandler: the machine thread ----

    @Override
    public int run(IoHandlerContext context) {
        outer = context;
        try {
            return delegate.run(this);
        } finally {
            clear();
            outer = null;
        }
    }

    @Override
    public void initialize() {
        delegate.initialize();
    }

    @Override
    public void prepareToDestroy() {
        delegate.prepareToDestroy();
    }

    @Override
    public void destroy() {
        delegate.destroy();
    }

    @Override
    public IoRegistration register(IoHandle handle) throws Exception {
        return delegate.register(handle);
    }

    @Override
    public void wakeup() {
        delegate.wakeup();
    }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
        return delegate.isCompatible(handleType);
    }

    // ---- IoHandlerContext: what the wrapped handler asks during run ----

    @Override
    public boolean canBlock() {
        boolean can = outer.canBlock();
        if (can && !(boolean) WAITING.get(this)) {
            WAITING.setRelease(this, true);
        }
        return can;
    }

    @Override
    public long delayNanos(long currentTimeNanos) {
        return outer.delayNanos(currentTimeNanos);
    }

    @Override
    public long deadlineNanos() {
        return outer.deadlineNanos();
    }

    @Override
    public boolean shouldReportActiveIoTime() {
        clear();  // the wait is over: what follows is dispatching ready channels
        return outer.shouldReportActiveIoTime();
    }

    @Override
    public void reportActiveIoTime(long activeNanos) {
        outer.reportActiveIoTime(activeNanos);
    }

    @Override
    public String toString() {
        return "IoWaitMarker[" + delegate + "]";
    }
}
