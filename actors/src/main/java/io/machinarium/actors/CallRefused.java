package io.machinarium.actors;

/**
 * What a server answers a call of a request it does not take (not of its request type): the caller's
 * {@link ServerRef#call} throws it as a {@link io.machinarium.core.MisuseException}, and the server goes on.
 * It goes only to a reply reference ({@link ActorRef#isReply()}); transports carry it between nodes, so a
 * caller of another process is refused at once too, not left to its timeout.
 *
 * @param reason one sentence: which server, which type it takes, what it got
 * @since 0.1.0
 */
public record CallRefused(String reason) {
    /**
     * Checks the reason.
     *
     * @throws NullPointerException if it is null
     */
    public CallRefused {
        java.util.Objects.requireNonNull(reason, "reason");
    }
}
