package io.machinarium.cluster;

import io.machinarium.actors.ActorRef;
import io.nats.client.Message;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One-way messages that reached nobody. NATS answers a publish to a subject nobody subscribes to with a
 * "no responders" status on the publish's reply subject; a one-way send carries one when its receiver is
 * not one node known to be up (a name, a group, a node not heard from), so such a message is at least
 * counted ({@link Confirmations} counts the others). A message by name whose holder this node does not know is also kept
 * for a few seconds under its own reply subject, so that if nobody takes it, it becomes a dead letter with
 * its content and the reason.
 *
 * <p>Thread safety: any thread; status replies arrive on NATS's dispatcher thread.
 */
final class Undelivered {
    private static final long KEEP_SECONDS = 5;

    private final ClusterNode node;
    private final AtomicLong seqs = new AtomicLong();
    private final ConcurrentHashMap<Long, Kept> kept = new ConcurrentHashMap<>();

    private record Kept(ActorRef<?> to, Object message) {
    }

    Undelivered(ClusterNode node) {
        this.node = node;
    }

    /** Keeps a message until NATS has had time to say nobody took it; returns its reply subject. */
    String keep(ActorRef<?> to, Object message) {
        long seq = seqs.incrementAndGet();
        kept.put(seq, new Kept(to, message));
        node.executor.schedule(() -> kept.remove(seq), KEEP_SECONDS, TimeUnit.SECONDS);
        return node.subjects.undelivered(node.name(), seq);
    }

    /** NATS thread: a status on one of this node's undelivered subjects. */
    void onStatus(Message m) {
        if (!m.isStatusMessage() || !m.getStatus().isNoResponders()) {
            return;
        }
        node.counters.deadLetter("no_responders");
        long seq = node.subjects.undeliveredSeq(node.name(), m.getSubject());
        Kept k = seq > 0 ? kept.remove(seq) : null;
        if (k != null) {
            node.system.deadLetter(k.to(), k.message(), "nobody in the cluster received it: no live actor holds "
                    + k.to().name());
        }
    }
}
