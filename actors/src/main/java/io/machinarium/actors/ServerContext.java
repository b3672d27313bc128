package io.machinarium.actors;

import io.machinarium.core.Machine;
import io.machinarium.core.MisuseException;
import java.time.Duration;

/**
 * A server's view of itself inside its callbacks: its reference, timers, monitors, the idle timeout,
 * deferred replies and stopping.
 *
 * <p>Thread safety: machine-confined; only the server's own callbacks may call it.
 *
 * @param <M> the server's request type
 * @since 0.1.0
 */
public final class ServerContext<M> {
    private final ActorContext<Object> actor;
    private final ServerRef<M> self;
    Duration idleTimeout;
    boolean stopRequested;
    ActorRef<Object> currentReplyTo;
    /** The request of the call being handled, or null. */
    Object handling;
    boolean replyDeferred;

    ServerContext(ActorContext<Object> actor) {
        this.actor = actor;
        this.self = new ServerRef<>(actor.cell());
    }

    /**
     * The server's own reference.
     *
     * @return it
     */
    public ServerRef<M> self() {
        return self;
    }

    /**
     * The server's name.
     *
     * @return the name
     */
    public String name() {
        return actor.name();
    }

    /**
     * The actor system.
     *
     * @return it
     */
    public ActorSystem system() {
        return actor.system();
    }

    /**
     * The machine the server runs on.
     *
     * @return it
     */
    public Machine machine() {
        return actor.machine();
    }

    /**
     * Ends the server normally once the current callback returns (after replying to the current call).
     * {@link ServerBehaviour#terminate} then runs with {@link ExitReason#NORMAL}.
     */
    public void stop() {
        stopRequested = true;
    }

    /**
     * Sets the idle timeout: when no message arrives for this long, {@link ServerBehaviour#handleInfo}
     * gets an {@link IdleTimeout}. Null turns it off.
     *
     * @param timeout the idle time, or null
     */
    public void idleTimeout(Duration timeout) {
        this.idleTimeout = timeout;
    }

    /**
     * Takes the reply reference of the call being handled, so that the reply can be sent later (from
     * this server or any actor) with {@code tell}; the callback's return value is then ignored.
     *
     * @return the caller's reply reference
     * @throws MisuseException if no call is being handled
     */
    public ActorRef<Object> deferReply() {
        if (currentReplyTo == null) {
            throw new MisuseException("deferReply is only possible inside handleCall of server '" + name() + "'");
        }
        replyDeferred = true;
        return currentReplyTo;
    }

    /**
     * Takes the typed reply reference of the call being handled, so that the reply — of the type the request
     * declares — can be sent later, from this server or any actor, with {@code tell}; {@code handleCall} then
     * returns null (its return value is ignored).
     *
     * <pre>{@code
     * case Fetch f -> {
     *     ActorRef<Page> later = ctx.deferReply(f);
     *     worker.tell(new Load(f.url(), later));   // the worker answers later.tell(page)
     *     yield null;
     * }
     * }</pre>
     *
     * @param call the request being handled
     * @param <R> the reply's type
     * @return the caller's reply reference, typed
     * @throws MisuseException if no call is being handled, or {@code call} is not the one being handled
     */
    @SuppressWarnings("unchecked")
    public <R> ActorRef<R> deferReply(Call<R> call) {
        ActorRef<Object> replyTo = deferReply();
        if (handling != call) {
            replyDeferred = false;
            throw new MisuseException("deferReply of server '" + name() + "' was given " + call
                    + ", not the request being handled (" + handling + ")");
        }
        return (ActorRef<R>) (ActorRef<?>) replyTo;
    }

    /**
     * Delivers {@code info} to {@link ServerBehaviour#handleInfo} after a delay. Never blocks.
     *
     * @param delay how long to wait
     * @param info the message
     * @return the timer, which can be cancelled
     */
    public TimerRef sendAfter(Duration delay, Object info) {
        return actor.sendAfter(delay, new ServerMessage.Info(info));
    }

    /**
     * Monitors an actor; its {@link Down} arrives in {@link ServerBehaviour#handleInfo}. Never blocks.
     *
     * @param target the actor
     * @return the monitor
     */
    public Monitor monitor(ActorRef<?> target) {
        return actor.monitor(target, d -> d);
    }

    /**
     * Links the server with an actor and traps exits, so that the actor's exit arrives as an
     * {@link Exit} in {@link ServerBehaviour#handleInfo} instead of ending the server. Never blocks.
     *
     * @param other the actor
     */
    public void linkTrapping(ActorRef<?> other) {
        actor.trapExits(e -> e);
        actor.link(other);
    }
}
