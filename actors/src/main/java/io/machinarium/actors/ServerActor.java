package io.machinarium.actors;

import io.machinarium.core.CancelledException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The loop that runs a {@link ServerBehaviour}: receive, dispatch, reply, idle timeout, terminate. */
final class ServerActor<M> implements Actor<Object> {
    private static final Logger LOG = LoggerFactory.getLogger(ServerActor.class);
    private final ServerBehaviour<M> behaviour;

    ServerActor(ServerBehaviour<M> behaviour) {
        this.behaviour = java.util.Objects.requireNonNull(behaviour, "behaviour");
    }

    @Override
    @SuppressWarnings("unchecked")
    public void run(ActorContext<Object> actor) throws Exception {
        ServerContext<M> ctx = new ServerContext<>(actor);
        ExitReason reason = ExitReason.NORMAL;
        try {
            behaviour.init(ctx);
            while (!ctx.stopRequested) {
                Object m = ctx.idleTimeout == null ? actor.receive() : actor.poll(ctx.idleTimeout);
                if (m == null) {
                    behaviour.handleInfo(new IdleTimeout(ctx.idleTimeout), ctx);
                } else if (m instanceof ServerMessage.Call call) {
                    handleCall(call, ctx);
                } else if (m instanceof ServerMessage.Cast cast) {
                    behaviour.handleCast((M) cast.message(), ctx);
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

    private void handleCall(ServerMessage.Call call, ServerContext<M> ctx) throws Exception {
        ctx.currentReplyTo = call.replyTo();
        ctx.replyDeferred = false;
        Object reply;
        try {
            reply = behaviour.handleCall((M) call.request(), ctx);
        } finally {
            ctx.currentReplyTo = null;
        }
        if (!ctx.replyDeferred) {
            if (reply == null) {
                throw new NullPointerException("handleCall of server '" + ctx.name() + "' returned null for "
                        + call.request() + "; return a value or defer the reply");
            }
            call.replyTo().tell(reply);
        }
    }
}
