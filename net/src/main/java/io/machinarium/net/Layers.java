package io.machinarium.net;

import io.machinarium.core.MisuseException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * The stream layers of one IO context ({@link StreamLayer}), in the order they were added: the first is
 * the closest to the socket. A new layer's handlers go behind the last layer's (so it reads what the layers
 * under it decoded) and in front of the codec and the readahead, which hands it what it had read ahead.
 *
 * <p>Machine-confined: the owning machine's thread. Made with the first layer.
 */
final class Layers {
    private final List<StreamLayer> layers = new ArrayList<>(1);
    /** The last handler of the last layer: where the next layer's handlers go. */
    private ChannelHandler last;

    void add(IoContext io, StreamLayer layer) {
        List<ChannelHandler> handlers = layer.handlers();
        if (handlers.isEmpty()) {
            throw new MisuseException("a stream layer needs at least one handler");
        }
        Channel ch = io.channel;
        ChannelPipeline p = ch.pipeline();
        ChannelHandler after = last;
        for (ChannelHandler h : handlers) {
            if (after == null) {
                p.addFirst(h);
            } else {
                p.addAfter(p.context(after).name(), null, h);
            }
            after = h;
        }
        ChannelHandler before = last;
        last = after;
        layers.add(layer);
        ByteBuf buffered = io.input.takeForLayer();
        if (buffered != null) {
            // into the new layer's first handler: from the head, or from the layer under it
            ChannelHandlerContext from = before == null ? null : p.context(before);
            if (from == null) {
                p.fireChannelRead(buffered);
                p.fireChannelReadComplete();
            } else {
                from.fireChannelRead(buffered);
                from.fireChannelReadComplete();
            }
        }
        if (io.input.eof || ch instanceof DuplexChannel d && d.isInputShutdown()) {
            layer.endOfInput();  // the FIN came before the layer: it must know now
        }
    }

    @SuppressWarnings("unchecked")
    <L extends StreamLayer> L find(Class<L> type) {
        for (StreamLayer l : layers) {
            if (type.isInstance(l)) {
                return (L) l;
            }
        }
        return null;
    }

    /** Ends every layer's output, the last added first; the futures of those that have an end of their own. */
    List<Future<?>> endOfOutput() {
        List<Future<?>> ends = new ArrayList<>(layers.size());
        for (int i = layers.size() - 1; i >= 0; i--) {
            Future<?> f = layers.get(i).endOfOutput();
            if (f != null) {
                ends.add(f);
            }
        }
        return ends;
    }

    void endOfInput() {
        for (StreamLayer l : layers) {
            l.endOfInput();
        }
    }
}
