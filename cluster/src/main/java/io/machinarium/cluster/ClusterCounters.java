package io.machinarium.cluster;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one node: what went out and came in, what could not be delivered and why, and what the
 * NATS connection went through. Nothing is dropped without one of them moving. Any thread.
 */
final class ClusterCounters {
    final LongAdder sent = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    final LongAdder slowConsumers = new LongAdder();
    final LongAdder discarded = new LongAdder();
    final LongAdder refused = new LongAdder();
    /** Messages a member that had left the group passed back to the group. */
    final LongAdder regrouped = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> deadLetters = new ConcurrentHashMap<>();

    /** One dead letter, by a short reason key (e.g. {@code undecodable}, {@code late_reply}). */
    void deadLetter(String kind) {
        deadLetters.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** {@code n} dead letters of one reason at once (a reckoning, not one message at a time). */
    void deadLetters(String kind, long n) {
        deadLetters.computeIfAbsent(kind, k -> new LongAdder()).add(n);
    }

    Map<String, Long> deadLetters() {
        Map<String, Long> out = new TreeMap<>();
        deadLetters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
