package io.machinarium.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is in the cluster, by heartbeats: every node publishes {@code up NODE INCARNATION} on the heartbeat
 * subject each interval, and {@code hello} when it starts (which every other node answers at once, so a
 * joining node knows the members within one round trip); a node that is silent for {@code downAfter} is
 * declared down, one that comes back with a new incarnation was down in between, and {@code leaving} is a
 * clean leave. This node's own lost connection counts too: cut off from NATS for longer than
 * {@code downAfter}, it declares every other node down, as an Erlang node does on a net split — monitors
 * and callers then react instead of hanging — and they join again when the connection is back. Each
 * interval it also reports what it received from each member ({@link Confirmations}).
 *
 * <p>Thread: heartbeats arrive on NATS's dispatcher thread, the checks run on the cluster's timer thread;
 * listeners run on either and must be quick.
 */
final class Membership {
    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);

    private final ClusterNode node;
    private final long incarnation = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    private final ConcurrentHashMap<String, Seen> members = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<MemberEvent>> listeners = new CopyOnWriteArrayList<>();
    private final long downAfterNanos;
    private volatile long disconnectedSince;

    /** What this node knows of another. */
    private static final class Seen {
        final long incarnation;
        volatile long lastNanos;

        Seen(long incarnation, long lastNanos) {
            this.incarnation = incarnation;
            this.lastNanos = lastNanos;
        }
    }

    Membership(ClusterNode node) {
        this.node = node;
        this.downAfterNanos = node.config.downAfter().toNanos();
    }

    long incarnation() {
        return incarnation;
    }

    void start(ScheduledExecutorService timer) {
        node.link.subscribe(node.subjects.heartbeats(), m -> onHeartbeat(new String(m.getData(), StandardCharsets.UTF_8)));
        beat("hello");
        long beat = node.config.heartbeat().toNanos();
        timer.scheduleAtFixedRate(() -> {
            beat("up");
            report();
        }, beat, beat, TimeUnit.NANOSECONDS);
        long check = Math.max(TimeUnit.MILLISECONDS.toNanos(20), beat / 2);
        timer.scheduleAtFixedRate(this::check, check, check, TimeUnit.NANOSECONDS);
    }

    private void beat(String state) {
        node.link.publishUncounted(node.subjects.heartbeats(), null,
                (state + " " + node.name() + " " + incarnation).getBytes(StandardCharsets.UTF_8));
    }

    /** What this node received from each member, so that they know what reached it ({@link Confirmations}). */
    private void report() {
        byte[] r = node.confirmations.report(node.name(), incarnation);
        if (r != null) {
            node.link.publishUncounted(node.subjects.heartbeats(), null, r);
        }
    }

    /**
     * Says goodbye: other nodes see this one leave at once instead of after {@code downAfter}, and learn
     * first what it received, so that nothing that reached it is counted as unconfirmed.
     */
    void leave() {
        report();
        beat("leaving");
    }

    private void onHeartbeat(String text) {
        String[] p = text.split(" ");
        if (p.length > 0 && p[0].equals(Confirmations.REPORT)) {
            node.confirmations.confirm(p, node.name(), incarnation);
            return;
        }
        if (p.length != 3) {
            LOG.debug("a heartbeat that is not one: '{}'", text);
            return;
        }
        String state = p[0];
        String other = p[1];
        long inc;
        try {
            inc = Long.parseLong(p[2]);
        } catch (NumberFormatException e) {
            return;
        }
        if (other.equals(node.name())) {
            if (inc != incarnation) {
                LOG.error("another process uses this node's name '{}' in cluster '{}': node names must be unique",
                        other, node.subjects.cluster());
            }
            return;
        }
        long now = System.nanoTime();
        switch (state) {
            case "hello", "up" -> {
                Seen s = members.get(other);
                if (s != null && s.incarnation != inc) {
                    down(other, "it restarted (a new incarnation)");
                    s = null;
                }
                if (s == null) {
                    Seen fresh = new Seen(inc, now);
                    if (members.putIfAbsent(other, fresh) == null) {
                        node.confirmations.joined(other, inc);
                        fire(new MemberEvent(MemberEvent.Kind.JOINED, new Member(other, inc, true), "it joined"));
                    }
                } else {
                    s.lastNanos = now;
                }
                if (state.equals("hello")) {
                    beat("up");  // so the newcomer knows this node without waiting a whole interval
                }
            }
            case "leaving" -> {
                Seen s = members.remove(other);
                if (s != null) {
                    fire(new MemberEvent(MemberEvent.Kind.LEFT, new Member(other, s.incarnation, false), "it left"));
                    node.lost(other, "node '" + other + "' left the cluster");
                }
            }
            default -> LOG.debug("a heartbeat of unknown state '{}'", state);
        }
    }

    private void check() {
        try {
            long now = System.nanoTime();
            if (!node.link.isConnected()) {
                long since = disconnectedSince;
                if (since == 0) {
                    disconnectedSince = now;
                } else if (now - since > downAfterNanos) {
                    for (String other : List.copyOf(members.keySet())) {
                        down(other, "this node has had no NATS connection for " + node.config.downAfter().toMillis()
                                + " ms");
                    }
                }
                return;
            }
            disconnectedSince = 0;
            for (var e : members.entrySet()) {
                if (now - e.getValue().lastNanos > downAfterNanos) {
                    down(e.getKey(), "no heartbeat for " + node.config.downAfter().toMillis() + " ms");
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("the membership check of node '{}' failed", node.name(), e);
        }
    }

    /** The connection is back: members get a fresh {@code downAfter} to be heard from, and we say hello. */
    void reconnected() {
        long now = System.nanoTime();
        for (Seen s : members.values()) {
            s.lastNanos = now;
        }
        disconnectedSince = 0;
        beat("hello");
    }

    private void down(String other, String why) {
        Seen s = members.remove(other);
        if (s != null) {
            LOG.info("node '{}' of cluster '{}' is down: {}", other, node.subjects.cluster(), why);
            fire(new MemberEvent(MemberEvent.Kind.DOWN, new Member(other, s.incarnation, false), why));
            node.lost(other, "node '" + other + "' is down: " + why);
        }
    }

    private void fire(MemberEvent e) {
        for (Consumer<MemberEvent> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException x) {
                LOG.warn("a membership listener failed", x);
            }
        }
    }

    AutoCloseable listen(Consumer<MemberEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Whether {@code other} is this node or a member alive now. */
    boolean isUp(String other) {
        return other.equals(node.name()) || members.containsKey(other);
    }

    /** Whether the node {@code other} runs now with incarnation {@code inc}. */
    boolean isLive(String other, long inc) {
        if (other.equals(node.name())) {
            return inc == incarnation;
        }
        Seen s = members.get(other);
        return s != null && s.incarnation == inc;
    }

    List<Member> members() {
        List<Member> out = new ArrayList<>();
        out.add(new Member(node.name(), incarnation, true));
        members.forEach((n, s) -> out.add(new Member(n, s.incarnation, true)));
        out.sort(java.util.Comparator.comparing(Member::node));
        return out;
    }

    int othersUp() {
        return members.size();
    }
}
