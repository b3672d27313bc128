package io.machinarium.cluster;

import java.util.Map;

/**
 * A snapshot of one node's counters ({@link ClusterNode#stats()}).
 *
 * @param messagesSent messages and signals published to other nodes (the membership's heartbeats are not counted)
 * @param messagesReceived messages and signals that arrived from other nodes
 * @param bytesSent payload bytes published
 * @param bytesReceived payload bytes that arrived
 * @param deadLetters messages that reached no actor, by reason ({@code undecodable}, {@code no_actor},
 *     {@code no_responders}, {@code unconfirmed} (sent to a node that was then lost before it confirmed them),
 *     {@code late_reply}, {@code forged_reply}, {@code refused}, {@code mailbox_full})
 * @param reconnects how often the NATS connection was re-established
 * @param slowConsumerEvents how often NATS reported this node too slow to take its messages
 * @param slowConsumerDrops the messages dropped then (beyond the pending limit, never seen by an actor)
 * @param refused messages NATS refused at once (connection gone past its buffer, outgoing queue full)
 * @param nodesUp other nodes seen alive now
 * @since 0.1.0
 */
public record ClusterStats(long messagesSent, long messagesReceived, long bytesSent, long bytesReceived,
        Map<String, Long> deadLetters, long reconnects, long slowConsumerEvents, long slowConsumerDrops, long refused,
        int nodesUp) {
    /** {@return the dead letters of every reason together} */
    public long deadLetterTotal() {
        return deadLetters.values().stream().mapToLong(Long::longValue).sum();
    }
}
