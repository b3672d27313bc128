package io.machinarium.samples.bank;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The read deadlines of one HTTP connection ({@link HttpLimits}): the head of a request must arrive within the
 * header timeout of its first byte, its body within the body timeout of its head, and a connection with no
 * request under way is idle for at most the idle timeout. When one passes, a {@link Expired} is handed to the
 * connection's coroutine like a decoded request, after the requests decoded before it; the coroutine answers
 * and closes ({@link BankConnection}).
 *
 * <p>Netty's HTTP codec keeps a partial request to itself, so the coroutine cannot see a request that arrives
 * a byte at a time. Two small handlers watch for it instead: {@link #bytes()} ahead of the codec notes the
 * first byte of a request, {@link #requests()} behind it notes each head and each end of a request. A timer on
 * the connection's event loop checks the deadline of the phase the connection is in. The handlers run on that
 * loop only; the timer is armed when the channel registers with a loop and cancelled when it leaves it, so a
 * connection handed from the acceptor to a worker keeps its deadlines and its timer never runs on the old loop.
 */
final class RequestDeadlines {
    /** What a connection is waiting for. */
    enum Phase {
        /** No request under way: the next one's first byte. */
        IDLE,
        /** A request's first bytes arrived: the rest of its head. */
        HEAD,
        /** A request's head arrived: the rest of its body. */
        BODY
    }

    /**
     * A deadline passed; read by the connection's coroutine in place of a request.
     *
     * @param phase what did not arrive in time
     * @param timeout the deadline it missed
     */
    record Expired(Phase phase, Duration timeout) {
    }

    private final HttpLimits limits;
    private Phase phase = Phase.IDLE;
    private long since = System.nanoTime();
    private ChannelHandlerContext context;
    private ScheduledFuture<?> timer;
    private long timerDue;
    private boolean expired;

    /**
     * Starts the deadlines of a new connection: it is idle from now.
     *
     * @param limits the timeouts
     */
    RequestDeadlines(HttpLimits limits) {
        this.limits = limits;
    }

    /** {@return the handler that goes ahead of the HTTP codec: it sees the first byte of each request} */
    ChannelHandler bytes() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (phase == Phase.IDLE && msg instanceof ByteBuf b && b.isReadable()) {
                    enter(Phase.HEAD);
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    /** {@return the handler that goes behind the HTTP codec: it sees each request's head and end, and fires} */
    ChannelHandler requests() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRegistered(ChannelHandlerContext ctx) {
                context = ctx;
                arm(dueOf(phase));
                ctx.fireChannelRegistered();
            }

            @Override
            public void channelUnregistered(ChannelHandlerContext ctx) {
                disarm();
                ctx.fireChannelUnregistered();
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest) {
                    enter(Phase.BODY);
                }
                if (msg instanceof LastHttpContent) {
                    enter(Phase.IDLE);
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void handlerRemoved(ChannelHandlerContext ctx) {
                disarm();
            }
        };
    }

    private void enter(Phase next) {
        phase = next;
        since = System.nanoTime();
        long due = dueOf(next);
        if (context != null && (timer == null || due - timerDue < 0)) {
            arm(due);  // this phase ends before the timer would look
        }
    }

    private long dueOf(Phase p) {
        Duration timeout = timeoutOf(p);
        return since + timeout.toNanos();
    }

    private Duration timeoutOf(Phase p) {
        return switch (p) {
            case IDLE -> limits.idleTimeout();
            case HEAD -> limits.headerTimeout();
            case BODY -> limits.bodyTimeout();
        };
    }

    private void arm(long due) {
        disarm();
        if (expired || context == null || !context.channel().isRegistered()) {
            return;
        }
        timerDue = due;
        timer = context.executor().schedule(this::check, Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void disarm() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** Runs on the connection's loop when the timer is due: fires if the current phase is overdue, else re-arms. */
    private void check() {
        timer = null;
        if (expired || !context.executor().inEventLoop()) {
            return;  // a timer of a loop the channel has left: the new loop armed its own
        }
        long due = dueOf(phase);
        if (System.nanoTime() - due >= 0) {
            expired = true;
            context.fireChannelRead(new Expired(phase, timeoutOf(phase)));
        } else {
            arm(due);
        }
    }
}
