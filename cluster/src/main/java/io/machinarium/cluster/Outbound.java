package io.machinarium.cluster;

import io.machinarium.actors.ActorRef;
import io.machinarium.actors.ExitReason;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything this node publishes to actors of other nodes: messages (encoded by their codec, checked
 * against the servers' payload limit) and signal frames. A message NATS refuses becomes a dead letter of
 * the local system with the reason; a message that cannot be encoded fails its sender.
 *
 * <p>Thread safety: any thread; never blocks.
 */
final class Outbound {
    private static final JsonMapper REASONS = JsonMapper.builder().build();

    private final ClusterNode node;
    /** The reply subject of every one-way send that is only counted if nobody takes it, made once. */
    private final String counted;

    Outbound(ClusterNode node) {
        this.node = node;
        this.counted = node.subjects.undelivered(node.name(), 0);
    }

    /** The wire form of an exit reason: kind, detail and the failure as text. */
    record Reason(String kind, String detail, String causeType, String causeMessage, String causeStack) {
    }

    static byte[] reason(ExitReason r) {
        return REASONS.writeValueAsBytes(new Reason(r.kind().name(), r.detail(), r.causeType(), r.causeMessage(),
                r.causeStack()));
    }

    static ExitReason reason(byte[] body) {
        Reason r = REASONS.readValue(body, Reason.class);
        return ExitReason.of(ExitReason.Kind.valueOf(r.kind()), r.detail(), r.causeType(), r.causeMessage(),
                r.causeStack());
    }

    /**
     * Sends a message.
     *
     * @param recipient the reference the sender used, for the dead letter if NATS refuses it
     * @param targetNode the one node that serves {@code subject} (its node subject, a reply subject of it), or
     *     null when only the server knows (a name, a group): then a one-way send carries the counted reply subject
     * @param subject the target's subject (its node, its name, its group, or a reply subject)
     * @param to the target actor's id on its node, or -1 when the subject names the target
     * @param replyTo the NATS reply subject, or null
     * @throws MessageEncodingException if the message cannot be encoded or is too large
     */
    void message(ActorRef<?> recipient, String targetNode, String subject, long to, String replyTo, Object message) {
        Codecs.Encoded e = node.codecs.encode(message);
        byte[] frame = Frames.encode(Frames.MESSAGE, to, -1, e.type(), null, node.name(), e.data());
        checkSize(frame, message.getClass().getName());
        String refused = publish(targetNode, subject, replyTo, counted, frame);
        if (refused != null) {
            node.system.deadLetter(recipient, message, refused);
        }
    }

    /** Sends a signal frame to the node of the target actor {@code to}; a refusal is counted. */
    void signal(String targetNode, byte kind, long to, long watch, String from, byte[] body) {
        byte[] frame = Frames.encode(kind, to, watch, null, from, node.name(), body);
        publish(targetNode, node.subjects.node(targetNode), null, null, frame);
    }

    /**
     * Publishes a frame, on account with {@link Confirmations} when {@code targetNode} is known to be up;
     * otherwise a frame without a reply subject of its own carries {@code unaccountedReply}.
     *
     * @return null if the frame was queued, else why not (counted as a refused dead letter)
     */
    private String publish(String targetNode, String subject, String replyTo, String unaccountedReply, byte[] frame) {
        boolean accounted = targetNode != null && node.confirmations.take(targetNode);
        String refused = node.link.publish(subject, replyTo != null || accounted ? replyTo : unaccountedReply, frame);
        if (refused != null) {
            if (accounted) {
                node.confirmations.untake(targetNode);
            }
            node.counters.deadLetter("refused");
        }
        return refused;
    }

    private void checkSize(byte[] frame, String type) {
        long limit = node.link.maxPayload();
        if (frame.length > limit) {
            throw new MessageEncodingException("a message of type " + type + " is " + frame.length + " bytes as a"
                    + " frame, more than the " + limit + " bytes the NATS servers accept (max_payload); nothing was sent");
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
