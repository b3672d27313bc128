package io.machinarium.net;

import io.netty.channel.ChannelHandler;
import io.netty.util.concurrent.Future;
import java.util.List;

/**
 * A protocol layer over an IO context's byte stream: TLS today; the PROXY protocol, compression or WebSocket
 * framing tomorrow. A layer is a list of Netty handlers that {@link IoContext#addLayer} puts between the
 * layers already there and the context's readahead, replaying into it the bytes read ahead before — so a
 * layer added after plaintext was exchanged (STARTTLS, PostgreSQL's SSLRequest) sees every byte the peer
 * sent after that point, none lost, none read twice. The context tells the layer when its output is to end
 * (before the socket's FIN) and when the peer's input ended; a layer that must give up resets the connection
 * with {@link IoContext#reset()}.
 *
 * <p>A layer never needs the raw channel, handler names or channel attributes: what it needs is here and in
 * {@link IoContext}'s layer methods ({@link IoContext#addLayer}, {@link IoContext#layer},
 * {@link IoContext#alloc()}, {@link IoContext#reset()}).
 *
 * <p>Thread: every method is called on the machine that owns the context, in its pipeline's order.
 *
 * @since 0.1.0
 */
public interface StreamLayer {
    /**
     * The layer's handlers, from the socket side inwards. Called once, by {@link IoContext#addLayer}.
     *
     * @return the handlers, not empty
     */
    List<ChannelHandler> handlers();

    /**
     * Ends this layer's output, before the layers under it and before the socket's FIN (TLS sends
     * close_notify). Called by {@link IoContext#shutdownOutput} and {@link IoContext#close()}. Must not block.
     *
     * @return a future done once the layer's end has been written, or null if the layer has no end of its own
     */
    default Future<?> endOfOutput() {
        return null;
    }

    /**
     * The peer ended its output (its FIN arrived, or had arrived when the layer was added). A layer that
     * cannot go on without more input — a handshake in progress — resets the connection here. Must not block.
     */
    default void endOfInput() {
    }
}
