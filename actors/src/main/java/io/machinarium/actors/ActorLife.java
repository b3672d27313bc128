package io.machinarium.actors;

import io.machinarium.core.CancelledException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.UncaughtFailureHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An actor's life on its coroutine: the start (counted live; a stop asked before it, or a system already
 * closed, ends it before the body runs), the body, and the exit — the reason decided (normal, the reason a
 * stop or link asked for, shutdown when the machine stops, crashed), names unregistered, timers cancelled,
 * a crash nobody observes handed to the runtime's uncaught-failure handler, the mailbox drained as dead
 * letters, links and monitors told, the system told.
 *
 * <p>Thread: the actor's machine, inside its coroutine.
 */
final class ActorLife {
    /** The cell's logger, so that a configuration naming ActorCell still covers an actor's exit. */
    private static final Logger LOG = LoggerFactory.getLogger(ActorCell.class);

    private ActorLife() {
    }

    static <M> void run(ActorCell<M> cell) {
        cell.coroutine = Coroutine.current();
        cell.state = ActorCell.RUNNING;
        cell.system.live(cell.machine).add(cell);
        ExitReason reason;
        if (cell.system.isClosed() && cell.stopRequest == null) {
            cell.stopRequest = ExitReason.SHUTDOWN;
        }
        try {
            if (cell.stopRequest == null) {
                cell.body.run(cell.context);
            }
            reason = cell.stopRequest != null ? cell.stopRequest : ExitReason.NORMAL;
        } catch (CancelledException e) {
            ExitReason s = cell.stopRequest;
            reason = s != null ? s : cell.machine.isStopping() ? ExitReason.SHUTDOWN : ExitReason.crashed(e);
        } catch (Throwable t) {
            reason = ExitReason.crashed(t);
        }
        if (cell.stopRequest != null) {
            // A stop from another thread cancels at once, ahead of the signals its sender had queued to this
            // machine before it (a monitor, a link): one pass of the machine's loop takes those first, while the
            // actor is still alive, so that a watcher that monitored and then stopped it sees the stop, not
            // NO_ACTOR (a yield drains the machine's inbox before this coroutine runs again).
            Coroutine.yieldNow();
        }
        exit(cell, reason);
    }

    private static <M> void exit(ActorCell<M> cell, ExitReason reason) {
        cell.exitReason = reason;
        cell.state = ActorCell.DEAD;
        for (String n : cell.takeNames()) {
            cell.system.unregister(n, cell);
        }
        if (cell.timers != null) {
            cell.timers.forEach(TimerRef::cancel);
        }
        Links links = cell.links;
        boolean observed = links != null && links.observed();
        if (reason.kind() == ExitReason.Kind.CRASHED && !observed && reason.cause() != null) {
            // nobody will learn of it: the runtime's uncaught-failure handler (by default an ERROR line) says it
            UncaughtFailureHandler handler = cell.machine.runtime().config().uncaughtFailureHandler();
            try {
                handler.uncaught(cell.coroutine, reason.cause());
            } catch (RuntimeException | Error e) {
                LOG.error("the uncaught-failure handler failed on the crash of actor '{}'", cell.name(), e);
            }
        } else if (reason.isAbnormal()) {
            LOG.debug("actor '{}' exited: {}", cell.name(), reason);
        }
        cell.mailbox.drain(m -> cell.system.deadLetter(cell, m,
                "actor '" + cell.name() + "' exited with the message still in its mailbox"));
        if (links != null) {
            links.exited(cell, reason);
        }
        cell.system.live(cell.machine).remove(cell);
        cell.system.exited(cell);
    }
}
