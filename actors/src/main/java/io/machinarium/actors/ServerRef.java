package io.machinarium.actors;

import io.machinarium.core.CancelledException;
import io.machinarium.core.MisuseException;
import io.machinarium.core.TimedOutException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The typed reference of a running {@link ServerBehaviour}: calls (request and reply, with a timeout),
 * casts and infos.
 *
 * <p>Thread safety: any thread or coroutine.
 *
 * @param <M> the server's request type
 * @since 0.1.0
 */
public final class ServerRef<M> {
    private final ActorRef<Object> ref;

    @SuppressWarnings("unchecked")
    ServerRef(ActorRef<?> ref) {
        this.ref = (ActorRef<Object>) ref;
    }

    /**
     * Starts a server. Returns at once; {@link ServerBehaviour#init} runs first on the server's machine
     * and requests sent meanwhile wait.
     *
     * @param system the actor system
     * @param options how to spawn it (name, machine, mailbox, registration)
     * @param behaviour makes the behaviour
     * @param <M> the request type
     * @return the server's reference
     * @throws NameTakenException if it is to be registered under a held name
     */
    public static <M> ServerRef<M> start(ActorSystem system, SpawnOptions options,
            Supplier<? extends ServerBehaviour<M>> behaviour) {
        return new ServerRef<>(system.spawnCell(options, new ServerActor<M>(behaviour.get())));
    }

    /**
     * The server behind an actor reference, e.g. a supervisor's child or a registry lookup. For an actor
     * of this process it checks that the actor runs a server behaviour; an actor of another node is taken
     * on trust (a call to an actor that is not a server is never answered and times out).
     *
     * @param ref the actor
     * @param <M> the request type (unchecked)
     * @return the server reference
     * @throws MisuseException if the actor is local and does not run a server behaviour, or is a reply
     *     reference
     */
    public static <M> ServerRef<M> of(ActorRef<?> ref) {
        ActorRef<?> a = ActorContext.actor(ref, "ServerRef.of");
        if (a instanceof ActorCell<?> c && !(c.body() instanceof ServerActor<?>)) {
            throw new MisuseException("actor '" + c.name() + "' does not run a server behaviour");
        }
        return new ServerRef<>(a);
    }

    /**
     * Looks a registered server up by name.
     *
     * @param system the actor system
     * @param name the registered name
     * @param <M> the request type (unchecked)
     * @return the server, or null if no live actor holds the name
     */
    public static <M> ServerRef<M> lookup(ActorSystem system, String name) {
        ActorRef<?> ref = system.whereis(name);
        return ref == null ? null : of(ref);
    }

    /**
     * Calls the server and blocks the caller until it replies.
     *
     * @param request the request
     * @param timeout how long to wait; null forever
     * @param <R> the reply's type (unchecked: a wrong type fails with ClassCastException where it is used)
     * @return the reply
     * @throws TimedOutException if no reply came in time (a late reply goes to the dead letters)
     * @throws ActorExitedException if the server exited (or crashed in this call) before replying
     * @throws MailboxFullException if its bounded mailbox rejected the call
     * @throws CancelledException if the caller is cancelled
     */
    @SuppressWarnings("unchecked")
    public <R> R call(M request, Duration timeout) {
        java.util.Objects.requireNonNull(request, "request");
        return (R) ref.<Object>ask(replyTo -> new ServerMessage.Call(request, replyTo), timeout);
    }

    /**
     * Sends a request without a reply; never blocks.
     *
     * @param message the request
     * @throws MailboxFullException if its bounded mailbox is full
     */
    public void cast(M message) {
        ref.tell(new ServerMessage.Cast(java.util.Objects.requireNonNull(message, "message")));
    }

    /**
     * Sends anything to {@link ServerBehaviour#handleInfo}; never blocks.
     *
     * @param info the message
     */
    public void info(Object info) {
        ref.tell(new ServerMessage.Info(java.util.Objects.requireNonNull(info, "info")));
    }

    /**
     * The server's actor, to link, monitor or supervise.
     *
     * @return the reference
     */
    public ActorRef<?> actor() {
        return ref;
    }

    /**
     * The server's name.
     *
     * @return it
     */
    public String name() {
        return ref.name();
    }

    /**
     * Whether it is running.
     *
     * @return true if alive
     */
    public boolean isAlive() {
        return ref.isAlive();
    }

    /** Stops it; terminate runs with {@link ExitReason.Kind#STOPPED}. Returns at once. */
    public void stop() {
        ref.stop();
    }

    /**
     * Waits for the server to exit.
     *
     * @param timeout how long at most; null forever
     * @return why it exited
     */
    public ExitReason awaitExit(Duration timeout) {
        return ref.awaitExit(timeout);
    }

    @Override
    public String toString() {
        return "ServerRef[" + ref.name() + "]";
    }
}
