package io.machinarium.micrometer;

import io.machinarium.cluster.ClusterNode;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;

/**
 * Micrometer meters of a cluster node, tagged {@code node}: the counters {@code machinarium.cluster.messages}
 * ({@code direction} sent or received), {@code machinarium.cluster.bytes} (likewise),
 * {@code machinarium.cluster.dead.letters} ({@code reason}: undecodable, no_actor, no_responders, unconfirmed, late_reply,
 * forged_reply, refused, mailbox_full), {@code machinarium.cluster.reconnects},
 * {@code machinarium.cluster.slow.consumers}, and the gauge {@code machinarium.cluster.nodes.up} (other
 * nodes alive now). Each reading takes one snapshot of the node's counters, which never blocks. Needs the
 * {@code machinarium-cluster} artifact.
 *
 * @since 0.1.0
 */
public final class ClusterMetrics implements MeterBinder {
    /** The reasons a dead letter is counted under. */
    public static final List<String> DEAD_LETTER_REASONS = List.of("undecodable", "no_actor", "no_responders",
            "unconfirmed", "late_reply", "forged_reply", "refused", "mailbox_full");

    private final ClusterNode node;

    /**
     * Creates the binder.
     *
     * @param node the joined node to measure
     */
    public ClusterMetrics(ClusterNode node) {
        this.node = node;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags tags = Tags.of("node", node.name());
        FunctionCounter.builder("machinarium.cluster.messages", node, n -> n.stats().messagesSent())
                .tags(tags.and("direction", "sent")).description("messages and signals sent to other nodes")
                .register(registry);
        FunctionCounter.builder("machinarium.cluster.messages", node, n -> n.stats().messagesReceived())
                .tags(tags.and("direction", "received")).description("messages and signals from other nodes")
                .register(registry);
        FunctionCounter.builder("machinarium.cluster.bytes", node, n -> n.stats().bytesSent())
                .tags(tags.and("direction", "sent")).description("payload bytes sent").register(registry);
        FunctionCounter.builder("machinarium.cluster.bytes", node, n -> n.stats().bytesReceived())
                .tags(tags.and("direction", "received")).description("payload bytes received").register(registry);
        for (String reason : DEAD_LETTER_REASONS) {
            FunctionCounter.builder("machinarium.cluster.dead.letters", node,
                            n -> n.stats().deadLetters().getOrDefault(reason, 0L))
                    .tags(tags.and("reason", reason)).description("messages that reached no actor, by reason")
                    .register(registry);
        }
        FunctionCounter.builder("machinarium.cluster.reconnects", node, n -> n.stats().reconnects()).tags(tags)
                .description("NATS connections re-established").register(registry);
        FunctionCounter.builder("machinarium.cluster.slow.consumers", node, n -> n.stats().slowConsumerEvents())
                .tags(tags).description("times NATS dropped messages this node could not take fast enough")
                .register(registry);
        Gauge.builder("machinarium.cluster.nodes.up", node, n -> n.stats().nodesUp()).tags(tags)
                .strongReference(true).description("other nodes alive now").register(registry);
    }
}
