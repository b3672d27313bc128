package io.machinarium.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderException;

/**
 * The tail handler of every IO context's pipeline: where Netty's events become the context's state. What
 * arrives goes to the {@link Readahead}; room to write wakes the {@link Writing}; the peer's end of output
 * ends the readahead and is told to the context's stream layers ({@link StreamLayer#endOfInput}); a failure
 * is kept for every later read and write, and closes the channel.
 *
 * <p>Thread: every method runs on the event loop the channel is registered with, which is the thread of the
 * machine that owns the context — the same thread as its coroutines. No locking.
 */
final class IoAdapter extends ChannelInboundHandlerAdapter {
    private final IoContext io;
    /** The connection failed: reads and writes throw it. */
    Throwable error;

    IoAdapter(IoContext io) {
        this.io = io;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        io.input.attachedTo(ctx.channel());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        io.input.arrived(msg, ctx.alloc());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            EpollInterest.keepRegistered(ctx.channel());
            io.input.ended();
            if (io.layers != null) {
                io.layers.endOfInput();
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        io.input.ended();
        io.output.wakeWriter();
    }

    @Override
    public void channelRegistered(ChannelHandlerContext ctx) {
        EpollInterest.watchHangUpByRead(ctx.channel());  // before reading starts, on every machine it moves to
        ctx.fireChannelRegistered();
    }

    @Override
    public void channelUnregistered(ChannelHandlerContext ctx) {
        if (!ctx.channel().isOpen()) {
            io.input.release();  // closed, e.g. by its machine stopping: nobody will read the rest
        }
        ctx.fireChannelUnregistered();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (io.input.objectMode && cause instanceof DecoderException && error == null && ctx.channel().isActive()) {
            // e.g. HttpServerCodec past its pipeline depth: it fired what it decoded before throwing; a close
            // here would free those objects unread and leave the peer a bare FIN with no answer at all
            io.input.refused(cause);
            return;
        }
        if (error == null) {
            error = cause;
            io.stats.errors.increment();
        }
        io.input.wakeReader();
        io.output.wakeWriter();
        ctx.close();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            io.output.wakeWriter();
        }
        ctx.fireChannelWritabilityChanged();
    }
}
