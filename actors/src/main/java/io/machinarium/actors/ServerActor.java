package io.machinarium.actors;

import io.machinarium.core.CancelledException;
import io.machinarium.core.MisuseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop that runs a {@link ServerBehaviour}: receive, dispatch, reply, idle timeout, terminate. A
 * request that is not of the behaviour's declared request type ({@link MessageTypes}) is refused before
 * it reaches a callback, so that a caller's mistake never crashes the server.
 */
final class ServerActor<M> implements Actor<Object> {
    private static final Logger LOG = LoggerFactory.getLogger(ServerActor.class);
    private final ServerBehaviour<M> behaviour;
    /** The requests the behaviour declares it takes; {@code Object} when its class does not say. */
    final Class<?> requestType;
    /** Called once init has returned: the server is running (its supervisor waits for that); or null. */
    private final Runnable running;

    ServerActor(ServerBehaviour<M> behaviour) {
        this(behaviour, null);
    }

    ServerActor(ServerBehaviour<M> behaviour, Runnable running) {
        this.behaviour = java.util.Objects.requireNonNull(behaviour, "behaviour");
        this.requestType = MessageTypes.declared(behaviour, ServerBehaviour.class);
        this.running = running;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void run(ActorContext<Object> actor) throws Exception {
        ServerContext<M> ctx = new ServerContext<>(actor);
        ExitReason reason = ExitReason.NORMAL;
        try {
            behaviour.init(ctx);
            if (running != null) {
                running.run();
            }
            while (!ctx.stopRequested) {
                Object m = ctx.idleTimeout == null ? actor.receive() : actor.poll(ctx.idleTimeout);
                if (m == null) {
                    behaviour.handleInfo(new IdleTimeout(ctx.idleTimeout), ctx);
                } else if (m instanceof ServerMessage.Call call) {
                    handleCall(call, ctx);
                } else if (m instanceof ServerMessage.Cast cast) {
                    if (requestType.isInstance(cast.message())) {
                        behaviour.handleCast((M) cast.message(), ctx);
                    } else {
                        actor.system().deadLetter(actor.self(), cast.message(), refusal("cast", cast.message(), ctx));
                    }
                } else if (m instanceof ServerMessage.Info info) {
                    behaviour.handleInfo(info.message(), ctx);
                } else {
                    behaviour.handleInfo(m, ctx);
                }
            }
        } catch (CancelledException e) {
            ExitReason r = actor.cell().stopRequest();
            reason = r != null ? r : ExitReason.SHUTDOWN;
            throw e;
        } catch (Exception | Error e) {
            reason = ExitReason.crashed(e);
            throw e;
        } finally {
            try {
                behaviour.terminate(reason, ctx);
            } catch (RuntimeException e) {
                LOG.warn("terminate of server '{}' failed", actor.name(), e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void handleCall(ServerMessage.Call call, ServerContext<M> ctx) throws Exception {
        if (!requestType.isInstance(call.request())) {
            String why = refusal("call", call.request(), ctx);
            if (call.replyTo().isReply()) {
                call.replyTo().tell(new CallRefused(why));  // the caller's call throws it, on any node
            } else {
                ctx.system().deadLetter(call.replyTo(), call.request(), why);  // a Call made by hand, to an actor
            }
            return;
        }
        ctx.currentReplyTo = call.replyTo();
        ctx.handling = call.request();
        ctx.replyDeferred = false;
        Object reply;
        try {
            reply = behaviour.handleCall((M) call.request(), ctx);
        } finally {
            ctx.currentReplyTo = null;
            ctx.handling = null;
        }
        if (!ctx.replyDeferred) {
            if (reply == null) {
                throw new NullPointerException("handleCall of server '" + ctx.name() + "' returned null for "
                        + call.request() + "; return a value or defer the reply");
            }
            if (reply instanceof Reply<?> typed) {
                if (typed.call() != call.request()) {
                    throw new MisuseException("handleCall of server '" + ctx.name() + "' answered " + call.request()
                            + " with the reply made for " + typed.call() + "; answer the request being handled");
                }
                reply = typed.value();
            }
            call.replyTo().tell(reply);
        }
    }

    private String refusal(String what, Object request, ServerContext<M> ctx) {
        return "server '" + ctx.name() + "' takes requests of type " + requestType.getName() + ", not the " + what
                + " of " + request.getClass().getName() + " (" + request + "); the server goes on";
    }
}
