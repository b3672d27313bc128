package io.machinarium.core.channel;

import java.util.concurrent.ThreadLocalRandom;

/**
 * How many queued messages a channel admits before it rejects writes (machinarium's channel limit
 * policies). A rejected write is reported to the writer — {@link Channel#tryWrite} returns false,
 * {@link Channel#write} throws — and the message stays with the writer. A write that a waiting
 * reader takes directly is never rejected. Beside the rejecting writes, {@link Channel#put} waits while
 * the channel holds {@code limit} messages (for either kind of limit) until a reader makes room.
 *
 * @param kind the policy
 * @param limit the queue length at which rejection starts; ignored for {@link Kind#UNLIMITED}
 * @since 0.1.0
 */
public record LimitPolicy(Kind kind, int limit) {
    /**
     * The kinds of policy.
     *
     * @since 0.1.0
     */
    public enum Kind {
        /** Never reject. */
        UNLIMITED,
        /** Reject every write while {@code limit} messages are queued. */
        HARD,
        /** Reject with a probability rising from 0 at {@code limit} queued messages to 1 at twice that. */
        SOFT
    }

    /**
     * Checks the limit.
     *
     * @throws IllegalArgumentException if a HARD or SOFT limit is below 1
     */
    public LimitPolicy {
        if (kind != Kind.UNLIMITED && limit < 1) {
            throw new IllegalArgumentException("a " + kind + " limit must be at least 1, not " + limit);
        }
    }

    /** {@return a policy that never rejects} */
    public static LimitPolicy unlimited() {
        return new LimitPolicy(Kind.UNLIMITED, 0);
    }

    /**
     * A {@link Kind#HARD} policy: every write is rejected while {@code limit} messages are queued.
     *
     * @param limit queued messages at which every write is rejected
     * @return a hard limit
     */
    public static LimitPolicy hard(int limit) {
        return new LimitPolicy(Kind.HARD, limit);
    }

    /**
     * A {@link Kind#SOFT} policy: writes are rejected with a probability rising from 0 at {@code limit}
     * queued messages to 1 at twice that.
     *
     * @param limit queued messages at which rejection starts
     * @return a soft limit
     */
    public static LimitPolicy soft(int limit) {
        return new LimitPolicy(Kind.SOFT, limit);
    }

    /**
     * Whether a waiting write ({@link Channel#put}) may queue its message behind {@code queued} others: below
     * the limit for {@link Kind#HARD} and {@link Kind#SOFT} (a waiting write does not gamble on the soft
     * band), always for {@link Kind#UNLIMITED}.
     */
    boolean hasRoom(int queued) {
        return kind == Kind.UNLIMITED || queued < limit;
    }

    /** Whether one more message may be queued behind {@code queued} others. */
    boolean admits(int queued) {
        return switch (kind) {
            case UNLIMITED -> true;
            case HARD -> queued < limit;
            case SOFT -> queued < limit
                    || (queued < 2 * limit && ThreadLocalRandom.current().nextInt(limit) >= queued - limit);
        };
    }
}
