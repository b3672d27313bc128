package io.machinarium.cluster;

/**
 * A change of the cluster's membership, seen by one node ({@link ClusterNode#onMembership}).
 *
 * @param kind what happened
 * @param member the node it happened to
 * @param detail one sentence: why it was declared down, say
 * @since 0.1.0
 */
public record MemberEvent(Kind kind, Member member, String detail) {
    /**
     * What happened.
     *
     * @since 0.1.0
     */
    public enum Kind {
        /** A node started sending heartbeats (it joined, or came back). */
        JOINED,
        /** A node left cleanly ({@link ClusterNode#close()}). */
        LEFT,
        /**
         * A node sent no heartbeat for the configured time, restarted under a new incarnation, or this node
         * lost its own connection: it is lost, and monitors and links on its actors fire with
         * {@link io.machinarium.actors.ExitReason.Kind#NO_CONNECTION}.
         */
        DOWN
    }
}
