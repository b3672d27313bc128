package io.machinarium.actors;

import io.machinarium.core.CancelledException;
import io.machinarium.core.MisuseException;
import io.machinarium.core.TimedOutException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The typed reference of a running {@link ServerBehaviour}: calls (request and reply, with a timeout),
 * casts and infos. A call's request declares its reply type ({@link Call}), so the reply comes back typed:
 *
 * <pre>{@code
 * ServerRef<AccountOp> account = ServerRef.lookup(system, "a7", AccountOp.class);   // checked at run time
 * long balance = account.call(new Balance(), Duration.ofSeconds(1));               // Balance is a Call<Long>
 * account.cast(new Audit());
 * }</pre>
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
     * The server behind an actor reference, e.g. a registry lookup, checked as far as this process can: a
     * local actor must run a server behaviour whose declared request type takes every {@code requestType}
     * (a behaviour class that declares none, being generic, is taken on trust); an actor of another node is
     * taken on trust (a call to an actor that is not a server is never answered and times out). Never blocks.
     *
     * @param ref the actor
     * @param requestType the requests the caller will send
     * @param <M> the request type
     * @return the server reference
     * @throws MisuseException if the actor is local and does not run a server behaviour, or one that takes
     *     other requests; or is a reply reference
     */
    public static <M> ServerRef<M> of(ActorRef<?> ref, Class<M> requestType) {
        return checked(ref, java.util.Objects.requireNonNull(requestType, "requestType"));
    }

    /** A server reference, its request type checked against {@code requestType} unless that is null. */
    private static <M> ServerRef<M> checked(ActorRef<?> ref, Class<?> requestType) {
        ActorRef<?> a = ActorContext.actor(ref, "ServerRef.of");
        if (a instanceof ActorCell<?> c) {
            if (!(c.body() instanceof ServerActor<?> server)) {
                throw new MisuseException("actor '" + c.name() + "' does not run a server behaviour");
            }
            if (requestType != null && !server.requestType.isAssignableFrom(requestType)) {
                throw new MisuseException("server '" + c.name() + "' takes requests of type "
                        + server.requestType.getName() + ", not " + requestType.getName());
            }
        }
        return new ServerRef<>(a);
    }

    /**
     * The server behind an actor reference, unchecked as to its request type. See
     * {@link #of(ActorRef, Class)}.
     *
     * @param ref the actor
     * @param <M> the request type (unchecked)
     * @return the server reference
     * @throws MisuseException if the actor is local and does not run a server behaviour, or is a reply
     *     reference
     * @deprecated the request type is an unchecked cast: use {@link #of(ActorRef, Class)}
     */
    @Deprecated
    public static <M> ServerRef<M> of(ActorRef<?> ref) {
        return checked(ref, null);
    }

    /**
     * Looks a registered server up by name, checked as {@link #of(ActorRef, Class)} checks. Never blocks.
     *
     * @param system the actor system
     * @param name the registered name
     * @param requestType the requests the caller will send
     * @param <M> the request type
     * @return the server, or null if no live actor holds the name
     * @throws MisuseException if the holder is not a server that takes {@code requestType}
     */
    public static <M> ServerRef<M> lookup(ActorSystem system, String name, Class<M> requestType) {
        ActorRef<?> ref = system.registered(name);
        return ref == null ? null : of(ref, requestType);
    }

    /**
     * Looks a registered server up by name, unchecked as to its request type.
     *
     * @param system the actor system
     * @param name the registered name
     * @param <M> the request type (unchecked)
     * @return the server, or null if no live actor holds the name
     * @throws MisuseException if the holder is not a server
     * @deprecated the request type is an unchecked cast: use {@link #lookup(ActorSystem, String, Class)}
     */
    @Deprecated
    public static <M> ServerRef<M> lookup(ActorSystem system, String name) {
        ActorRef<?> ref = system.registered(name);
        return ref == null ? null : checked(ref, null);
    }

    /**
     * Calls the server and blocks the caller (a coroutine suspends, a thread parks) until it replies, with
     * the reply type the request declares. The request must also be one of the server's requests ({@code M}):
     * Java cannot demand both in one parameter, so the server checks it and refuses any other.
     *
     * @param request the request, one of the server's requests, not null
     * @param timeout how long to wait; null forever
     * @param <R> the reply's type, as the request declares it
     * @return the reply
     * @throws TimedOutException if no reply came in time (a late reply goes to the dead letters)
     * @throws ActorExitedException if the server exited (or crashed in this call) before replying
     * @throws MailboxFullException if its bounded mailbox rejected the call
     * @throws CancelledException if the caller is cancelled
     * @throws MisuseException if the server (of this process) does not take requests of this type
     */
    @SuppressWarnings("unchecked")
    public <R> R call(Call<R> request, Duration timeout) {
        return (R) exchange(request, timeout);
    }

    /**
     * Calls the server with a request that does not declare its reply type; otherwise as
     * {@link #call(Call, Duration)}.
     *
     * @param request the request
     * @param timeout how long to wait; null forever
     * @param <R> the reply's type (unchecked: a wrong type fails with ClassCastException where it is used)
     * @return the reply
     * @throws TimedOutException if no reply came in time (a late reply goes to the dead letters)
     * @throws ActorExitedException if the server exited (or crashed in this call) before replying
     * @throws MailboxFullException if its bounded mailbox rejected the call
     * @throws CancelledException if the caller is cancelled
     * @deprecated the reply type is an unchecked cast: let the request implement {@link Call} and use
     *     {@link #call(Call, Duration)}
     */
    @Deprecated
    @SuppressWarnings("unchecked")
    public <R> R callUntyped(M request, Duration timeout) {
        return (R) exchange(request, timeout);
    }

    private Object exchange(Object request, Duration timeout) {
        java.util.Objects.requireNonNull(request, "request");
        Object reply = ref.<Object>ask(replyTo -> new ServerMessage.Call(request, replyTo), timeout);
        if (reply instanceof CallRefused refused) {
            throw new MisuseException(refused.reason());
        }
        return reply;
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
