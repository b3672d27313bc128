package io.machinarium.actors;

import io.machinarium.core.CancelledException;
import io.machinarium.core.TimedOutException;
import java.time.Duration;
import java.util.function.Function;

/**
 * A typed reference to an actor, or to the one-shot reply of a request: an {@linkplain #address()
 * address} plus a route — the way its messages ({@link #tell}, {@link #ask}) and signals ({@link #signal})
 * travel. References are cheap values that may be passed in messages and used from any thread or machine.
 *
 * <p>Routes: a local actor's reference is its own route — a message from the actor's own machine goes
 * straight into its mailbox, from another machine it is one offer to that machine's lock-free inbox,
 * waking the machine only if it sleeps. A transport (the {@code cluster} module) implements this
 * interface for actors of other processes, so that code holding a reference does not know or care where
 * the actor runs. Messages from one sender to one actor arrive in the order they were sent.
 *
 * <p>Two references are {@linkplain Object#equals equal} when their addresses are, and an implementation's
 * {@code hashCode} is its address's.
 *
 * @param <M> the type of the messages the referenced actor accepts
 * @since 0.1.0
 */
public interface ActorRef<M> {
    /**
     * Where the actor lives.
     *
     * @return its address
     */
    ActorAddress address();

    /**
     * Sends a message; never blocks. A message to an actor that has exited goes to the dead letters.
     *
     * @param message the message, not null
     * @throws MailboxFullException if the actor's mailbox is bounded with {@link Overflow#REJECT} and full
     *     (the message was not taken)
     * @throws NullPointerException if the message is null
     */
    void tell(M message);

    /**
     * Sends a request made around a fresh reply reference and blocks the caller (a coroutine suspends,
     * a thread parks) until the reply arrives. Each request has its own reply reference: a reply that
     * arrives after the timeout goes to the dead letters and never answers a later request.
     *
     * @param request makes the request message from the reply reference it must answer to
     * @param timeout how long to wait for the reply; null waits forever
     * @param <R> the reply's type
     * @return the reply
     * @throws TimedOutException if no reply came in time
     * @throws ActorExitedException if the actor exited (or had exited, or its node was lost) before replying
     * @throws MailboxFullException if the actor's mailbox rejected the request
     * @throws CancelledException if the caller is cancelled while waiting
     */
    <R> R ask(Function<ActorRef<R>, ? extends M> request, Duration timeout);

    /**
     * The actor's name (unique only when registered), or a reply reference's description.
     *
     * @return the name
     */
    String name();

    /**
     * Whether the actor is still running, as far as this process knows (a reply reference: still
     * waiting).
     *
     * @return true if alive
     */
    boolean isAlive();

    /**
     * Asks the actor to stop, from any thread; returns at once. The actor's current or next blocking
     * call throws {@link CancelledException} and it exits with {@link ExitReason.Kind#STOPPED}. On a
     * reply reference it gives up waiting. Stopping an exited actor does nothing.
     */
    void stop();

    /**
     * Waits until the actor has exited and returns why. Blocks the caller.
     *
     * @param timeout how long to wait at most; null waits forever
     * @return the exit reason
     * @throws TimedOutException if the actor is still alive after the timeout
     * @throws CancelledException if the caller is cancelled while waiting
     * @throws UnsupportedOperationException on a reference that cannot wait (a reply reference)
     */
    ExitReason awaitExit(Duration timeout);

    /**
     * Delivers a signal — link, unlink, a linked actor's exit, watch, unwatch, stop — along this
     * reference's route; never blocks, never throws for an exited actor (it answers as
     * {@link ActorSignal} says). For transports and the actors package; user code links and monitors
     * through {@link ActorContext}.
     *
     * @param signal the signal
     * @throws io.machinarium.core.MisuseException if this reference cannot take the signal (a reply
     *     reference cannot be linked or monitored)
     */
    void signal(ActorSignal signal);

    /**
     * Whether this is the one-shot reply reference of an {@link #ask} (of this process or, made by a
     * transport, of another), not an actor: a server answers a call it does not take with a
     * {@link CallRefused} only to such a reference. Never blocks.
     *
     * @return true for a reply reference; the default, for actors, is false
     */
    default boolean isReply() {
        return false;
    }
}
