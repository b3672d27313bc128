package io.machinarium.actors;

/** The envelopes a server actor receives; anything else is an info. */
sealed interface ServerMessage {
    /** A request that wants a reply. */
    record Call(Object request, ActorRef<Object> replyTo) implements ServerMessage {
    }

    /** A request without a reply. */
    record Cast(Object message) implements ServerMessage {
    }

    /** Something for {@link ServerBehaviour#handleInfo}. */
    record Info(Object message) implements ServerMessage {
    }
}
