package io.machinarium.cluster;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivery accounting between this node and each member, so that a frame for one known node needs no reply
 * subject to be counted if it is lost. Every node counts the frames it sends to each member it knows as up
 * (on subjects only that member serves: its node subject, its reply subjects), and the frames it receives
 * from each member on its own such subjects; each heartbeat interval it publishes what it received, per
 * sender, and each sender keeps the highest count confirmed to it. When a member is lost (down, left, or
 * restarted as a new incarnation), what was sent to it and not confirmed is counted as the dead-letter reason
 * {@code unconfirmed} — an upper bound of what the loss took with it: messages the member received after its
 * last report are among them, and so are messages that never reached it.
 *
 * <p>Why not a reply subject on every frame, as NATS's "no responders" would need: on the {@code remote}
 * benchmark (2026-12-02, three interleaved pairs of runs, median of each run's last six of sixteen rounds of
 * 400,000 one-way payloads), a 24-byte reply subject on every frame held ours at 0.65–0.71× raw jnats, and
 * without it ours did 0.76–0.92×: the server parses and forwards it, the receiver's reader makes a
 * {@code String} of it, for every message. Frames for a node this one does not know as up, and frames by
 * name or by group, whose receiver only the server knows, still carry the counted reply subject
 * ({@link Undelivered}).
 *
 * <p>What it does not see: frames lost while both nodes stay up (in a NATS reconnect: a tell is at most
 * once, and says so in {@link ClusterNode}); those are not confirmed, but only a loss of the member reckons.
 *
 * <p>Thread safety: {@link #take} from any thread; {@link #received} on NATS's dispatcher thread only (its
 * single writer); the rest from the dispatcher or the cluster's timer thread.
 */
final class Confirmations {
    /** The report's first word on the heartbeat subject. */
    static final String REPORT = "received";
    /** Set in {@link Outgoing#sent} while the member is lost: a sender that sees it does not count the frame. */
    private static final long LOST = Long.MIN_VALUE;

    private final ClusterCounters counters;
    private final ConcurrentHashMap<String, Outgoing> outgoing = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Incoming> incoming = new ConcurrentHashMap<>();
    /** The dispatcher thread's last look-up in {@link #incoming}, forgotten whenever a member joins. */
    private String lastNode;
    private Incoming lastIncoming;

    /** What this node sent to one incarnation of a member. */
    private static final class Outgoing {
        final long incarnation;
        /** Frames sent, plus {@link #LOST} while the member is lost: one word, so a send is in a reckoning or not. */
        final AtomicLong sent = new AtomicLong();
        volatile long confirmed;
        /** Frames already reckoned as unconfirmed at an earlier loss of the same incarnation (guarded by this). */
        long reckoned;

        Outgoing(long incarnation) {
            this.incarnation = incarnation;
        }
    }

    /** What this node received from one incarnation of a member. */
    private static final class Incoming {
        final long incarnation;
        /** Written by the dispatcher thread only; read by the reporting timer. */
        final AtomicLong received = new AtomicLong();

        Incoming(long incarnation) {
            this.incarnation = incarnation;
        }
    }

    Confirmations(ClusterCounters counters) {
        this.counters = counters;
    }

    /**
     * Takes one frame for {@code node} on account, before it is published.
     *
     * @return true if the frame is counted here (the member is up), false if it must carry a counted reply
     *     subject instead
     */
    boolean take(String node) {
        Outgoing o = outgoing.get(node);
        if (o == null) {
            return false;
        }
        if (o.sent.getAndIncrement() < 0) {
            o.sent.getAndDecrement();
            return false;
        }
        return true;
    }

    /** A frame taken on account was refused by NATS before it left (already a dead letter of its own). */
    void untake(String node) {
        Outgoing o = outgoing.get(node);
        if (o != null) {
            o.sent.getAndDecrement();
        }
    }

    /**
     * Dispatcher thread: one frame from {@code node} arrived on a subject only this node serves. Costs no
     * map look-up while frames keep coming from one node (the frame's node name is one {@code String} per
     * spelling, {@link Frames}), and no fence: the count is only read by the reporting timer.
     */
    void received(String node) {
        Incoming i = node == lastNode ? lastIncoming : incoming.get(node);
        if (i != null) {
            i.received.lazySet(i.received.get() + 1);  // the one writer
            lastNode = node;
            lastIncoming = i;
        }
    }

    /** Membership, on the dispatcher thread: {@code node} joined (or was heard again) as incarnation {@code inc}. */
    void joined(String node, long inc) {
        lastNode = null;
        lastIncoming = null;
        outgoing.compute(node, (k, o) -> {
            if (o == null || o.incarnation != inc) {
                return new Outgoing(inc);
            }
            o.sent.getAndUpdate(v -> v < 0 ? v - LOST : v);  // the same incarnation again: counting resumes
            return o;
        });
        incoming.compute(node, (k, i) -> i != null && i.incarnation == inc ? i : new Incoming(inc));
    }

    /** Membership: {@code node} is lost; what was sent to it and not confirmed is counted. */
    void lost(String node) {
        Outgoing o = outgoing.get(node);
        if (o == null) {
            return;
        }
        synchronized (o) {
            long sent = o.sent.getAndUpdate(v -> v < 0 ? v : v + LOST);
            if (sent < 0) {
                return;  // lost already
            }
            long unconfirmed = sent - Math.max(o.confirmed, o.reckoned);
            o.reckoned = sent;
            if (unconfirmed > 0) {
                counters.deadLetters("unconfirmed", unconfirmed);
            }
        }
    }

    /**
     * The report this node publishes each heartbeat interval:
     * {@code received SELF SELF_INCARNATION (NODE INCARNATION COUNT)*}, or null if it has heard from nobody.
     */
    byte[] report(String self, long selfIncarnation) {
        if (incoming.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder(REPORT).append(' ').append(self).append(' ').append(selfIncarnation);
        incoming.forEach((n, i) -> b.append(' ').append(n).append(' ').append(i.incarnation).append(' ')
                .append(i.received.get()));
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A report of another node, split into words: takes what it confirms to this node.
     *
     * @param words the report's words, {@link #REPORT} first
     * @param self this node's name
     * @param selfIncarnation this node's incarnation: counts of an earlier one are not ours
     */
    void confirm(String[] words, String self, long selfIncarnation) {
        if (words.length < 3 || (words.length - 3) % 3 != 0) {
            return;
        }
        Outgoing o = outgoing.get(words[1]);
        try {
            if (o == null || o.incarnation != Long.parseLong(words[2])) {
                return;
            }
            for (int i = 3; i < words.length; i += 3) {
                if (words[i].equals(self) && Long.parseLong(words[i + 1]) == selfIncarnation) {
                    long count = Long.parseLong(words[i + 2]);
                    if (count > o.confirmed) {
                        o.confirmed = count;  // reports come on one thread, in order
                    }
                }
            }
        } catch (NumberFormatException e) {
            // not a report of this version: nothing confirmed
        }
    }
}
