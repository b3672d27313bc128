package io.machinarium.actors;

import java.util.Objects;

/**
 * Why an actor exited: delivered to links ({@link Exit}), monitors ({@link Down}) and supervisors, and
 * returned by {@link ActorRef#awaitExit}.
 *
 * @param kind the kind of exit
 * @param cause the failure for {@link Kind#CRASHED}; for {@link Kind#LINKED} the linked actor's failure
 *     if it had one; otherwise null
 * @param detail one readable sentence
 */
public record ExitReason(Kind kind, Throwable cause, String detail) {
    /** The kinds of exit. */
    public enum Kind {
        /** The body returned. */
        NORMAL,
        /** {@link ActorRef#stop()} was called, or its supervisor shut it down. */
        STOPPED,
        /** The runtime or the actor system was closing. */
        SHUTDOWN,
        /** The body threw. */
        CRASHED,
        /** A linked actor exited abnormally and this one did not trap exits. */
        LINKED,
        /** The actor had already exited (or never existed) when it was monitored, linked or called. */
        NO_ACTOR
    }

    /** A normal exit. */
    public static final ExitReason NORMAL = new ExitReason(Kind.NORMAL, null, "the actor returned");
    /** An exit asked for by {@link ActorRef#stop()}. */
    public static final ExitReason STOPPED = new ExitReason(Kind.STOPPED, null, "the actor was stopped");
    /** An exit caused by the actor system or runtime closing. */
    public static final ExitReason SHUTDOWN = new ExitReason(Kind.SHUTDOWN, null, "the actor system shut down");

    /** Checks the components. */
    public ExitReason {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    /**
     * A crash with its failure.
     *
     * @param cause what the body threw
     * @return the reason
     */
    public static ExitReason crashed(Throwable cause) {
        return new ExitReason(Kind.CRASHED, cause, "the actor crashed: " + cause);
    }

    /**
     * An exit caused by a linked actor's abnormal exit.
     *
     * @param from the linked actor
     * @param reason why it exited
     * @return the reason
     */
    public static ExitReason linked(ActorRef<?> from, ExitReason reason) {
        return new ExitReason(Kind.LINKED, reason.cause(), "linked actor '" + from.name() + "' exited: "
                + reason.detail());
    }

    /**
     * The reason given for an actor that no longer runs when it is monitored, linked or called.
     *
     * @param name the actor's name
     * @return the reason
     */
    public static ExitReason noActor(String name) {
        return new ExitReason(Kind.NO_ACTOR, null, "actor '" + name + "' is not running");
    }

    /**
     * Whether the exit counts as a failure: anything but {@link Kind#NORMAL}, {@link Kind#STOPPED} and
     * {@link Kind#SHUTDOWN}. Transient children are restarted only after an abnormal exit.
     *
     * @return true for a crash, a linked exit or a missing actor
     */
    public boolean isAbnormal() {
        return kind == Kind.CRASHED || kind == Kind.LINKED || kind == Kind.NO_ACTOR;
    }

    @Override
    public String toString() {
        return kind + ": " + detail;
    }
}
