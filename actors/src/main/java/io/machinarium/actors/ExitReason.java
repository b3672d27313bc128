package io.machinarium.actors;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;

/**
 * Why an actor exited: delivered to links ({@link Exit}), monitors ({@link Down}) and supervisors, and
 * returned by {@link ActorRef#awaitExit}.
 *
 * <p>An exit reason is data that can leave the process: its kind, one readable sentence, and, for a
 * failure, the failure's class name, message and stack trace as text. Where the failure happened in this
 * process, {@link #cause()} also gives the {@link Throwable} itself; a reason that came from another
 * node has the text only ({@code cause()} is null there).
 *
 * <p>Immutable; equal when kind, detail and the failure's class and message are equal.
 *
 * @since 0.1.0
 */
public final class ExitReason {
    /**
     * The kinds of exit.
     *
     * @since 0.1.0
     */
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
        NO_ACTOR,
        /**
         * The node that hosts the actor cannot be reached any more (it was declared down, or this node
         * lost its connection): Erlang's {@code noconnection}. Whether the actor still runs is unknown.
         * Given by transports.
         */
        NO_CONNECTION
    }

    /** A normal exit. */
    public static final ExitReason NORMAL = new ExitReason(Kind.NORMAL, null, "the actor returned");
    /** An exit asked for by {@link ActorRef#stop()}. */
    public static final ExitReason STOPPED = new ExitReason(Kind.STOPPED, null, "the actor was stopped");
    /** An exit caused by the actor system or runtime closing. */
    public static final ExitReason SHUTDOWN = new ExitReason(Kind.SHUTDOWN, null, "the actor system shut down");

    private final Kind kind;
    private final String detail;
    private final Throwable cause;
    private final String causeType;
    private final String causeMessage;
    /** The failure's stack as text: given for a remote reason, made on demand from {@link #cause}. */
    private volatile String causeStack;

    /**
     * A reason with a local failure, or none.
     *
     * @param kind the kind of exit
     * @param cause the failure for {@link Kind#CRASHED}; for {@link Kind#LINKED} the linked actor's failure
     *     if it had one; otherwise null
     * @param detail one readable sentence
     * @throws NullPointerException if kind or detail is null
     */
    public ExitReason(Kind kind, Throwable cause, String detail) {
        this(kind, detail, cause, cause == null ? null : cause.getClass().getName(),
                cause == null ? null : cause.getMessage(), null);
    }

    private ExitReason(Kind kind, String detail, Throwable cause, String causeType, String causeMessage,
            String causeStack) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.detail = Objects.requireNonNull(detail, "detail");
        this.cause = cause;
        this.causeType = causeType;
        this.causeMessage = causeMessage;
        this.causeStack = causeStack;
    }

    /**
     * A reason received from another node: the failure as text only.
     *
     * @param kind the kind of exit
     * @param detail one readable sentence
     * @param causeType the failure's class name, or null if there was no failure
     * @param causeMessage the failure's message, or null
     * @param causeStack the failure's stack trace as text, or null
     * @return the reason
     * @throws NullPointerException if kind or detail is null
     */
    public static ExitReason of(Kind kind, String detail, String causeType, String causeMessage, String causeStack) {
        return new ExitReason(kind, detail, null, causeType, causeMessage, causeStack);
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
     * An exit caused by a linked actor's abnormal exit; the linked actor's failure, local or as text, is
     * kept.
     *
     * @param from the linked actor
     * @param reason why it exited
     * @return the reason
     */
    public static ExitReason linked(ActorRef<?> from, ExitReason reason) {
        return new ExitReason(Kind.LINKED, "linked actor '" + from.name() + "' exited: " + reason.detail(),
                reason.cause, reason.causeType, reason.causeMessage, reason.causeStack);
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
     * The reason a transport gives when the node of an actor is lost.
     *
     * @param name the actor's name
     * @param node the node that cannot be reached
     * @param why one sentence: declared down, connection lost, ...
     * @return the reason
     */
    public static ExitReason noConnection(String name, String node, String why) {
        return new ExitReason(Kind.NO_CONNECTION, null, "no connection to node '" + node + "' of actor '" + name
                + "': " + why);
    }

    /** {@return the kind of exit} */
    public Kind kind() {
        return kind;
    }

    /** {@return one readable sentence saying why} */
    public String detail() {
        return detail;
    }

    /**
     * The failure itself, where it happened in this process.
     *
     * @return the {@link Throwable}, or null if there was none or the reason came from another node
     */
    public Throwable cause() {
        return cause;
    }

    /** {@return the failure's class name, or null if there was no failure} */
    public String causeType() {
        return causeType;
    }

    /** {@return the failure's message, or null} */
    public String causeMessage() {
        return causeMessage;
    }

    /**
     * The failure's stack trace as text (with its causes), as {@link Throwable#printStackTrace()} writes
     * it; made on first use for a local failure.
     *
     * @return the stack, or null if there was no failure
     */
    public String causeStack() {
        String s = causeStack;
        if (s == null && cause != null) {
            StringWriter w = new StringWriter();
            cause.printStackTrace(new PrintWriter(w));
            causeStack = s = w.toString();
        }
        return s;
    }

    /**
     * Whether the exit counts as a failure: anything but {@link Kind#NORMAL}, {@link Kind#STOPPED} and
     * {@link Kind#SHUTDOWN}. Transient children are restarted only after an abnormal exit.
     *
     * @return true for a crash, a linked exit, a missing actor or a lost node
     */
    public boolean isAbnormal() {
        return kind == Kind.CRASHED || kind == Kind.LINKED || kind == Kind.NO_ACTOR || kind == Kind.NO_CONNECTION;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExitReason r && r.kind == kind && r.detail.equals(detail)
                && Objects.equals(r.causeType, causeType) && Objects.equals(r.causeMessage, causeMessage);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, detail, causeType);
    }

    @Override
    public String toString() {
        return kind + ": " + detail;
    }
}
