package io.machinarium.actors;

/**
 * The envelopes a server actor ({@link ServerBehaviour}) receives from {@link ServerRef}; anything else is
 * an info. Public for transports, which carry them between nodes; user code calls, casts and sends infos
 * through {@link ServerRef}.
 *
 * @since 0.1.0
 */
public sealed interface ServerMessage {
    /**
     * A request that wants a reply.
     *
     * @param request the request
     * @param replyTo where the reply goes
     */
    record Call(Object request, ActorRef<Object> replyTo) implements ServerMessage {
    }

    /**
     * A request without a reply.
     *
     * @param message the request
     */
    record Cast(Object message) implements ServerMessage {
    }

    /**
     * Something for {@link ServerBehaviour#handleInfo}.
     *
     * @param message the message
     */
    record Info(Object message) implements ServerMessage {
    }
}
