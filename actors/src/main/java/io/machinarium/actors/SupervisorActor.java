package io.machinarium.actors;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of a supervisor: traps exits, starts the children linked to itself, and on each child exit
 * applies the restart type, the intensity limit and the strategy. Children are stopped last-started
 * first and waited for (selectively, so other exits stay queued) before a restart. Each incarnation tells
 * the supervisor once it is running ({@link Running}); once every child has been running at once, the
 * supervisor counts as running itself (for {@link Supervisor#startAndAwait} and its own parent). In a
 * fail-fast start ({@link StartProgress}) a child failing before that fails the supervisor instead.
 */
final class SupervisorActor implements Actor<Object> {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisorActor.class);

    private final SupervisorSpec spec;
    private final Supervisor handle;
    /** Tells this supervisor's own parent that it is running; null for a top-level supervisor. */
    private final Runnable running;
    private final List<Child> children = new ArrayList<>();
    private final ArrayDeque<Long> restartTimes = new ArrayDeque<>();
    private ActorContext<Object> ctx;
    /** Whether every child has had its first start (before that, a child not started yet has not run). */
    private boolean firstStartsDone;
    private boolean reportedRunning;

    /** One child's spec and its running incarnation (machine-confined). */
    private static final class Child {
        final ChildSpec<?> spec;
        /** The running incarnation, or null. */
        ActorRef<?> actor;
        /** Counts the incarnations, so that a late word from an old one is not taken for the current's. */
        int incarnation;
        /** Whether the current incarnation said it is running. */
        boolean running;

        Child(ChildSpec<?> spec) {
            this.spec = spec;
        }
    }

    /** What an incarnation sends its supervisor once it is running. */
    private record Running(Child child, int incarnation) {
    }

    SupervisorActor(SupervisorSpec spec, Supervisor handle, Runnable running) {
        this.spec = spec;
        this.handle = handle;
        this.running = running;
        handle.adopt(spec);
    }

    @Override
    public void run(ActorContext<Object> ctx) {
        this.ctx = ctx;
        handle.bindSelf(ctx.cell());
        ctx.trapExits(e -> e);
        if (awaitedTopLevel()) {
            ctx.cell().signal(new ActorSignal.Watch(handle.progress));  // on its own machine: applied at once
        }
        boolean clean = false;
        try {
            for (ChildSpec<?> c : spec.children()) {
                children.add(new Child(c));
            }
            publishOrder();
            for (Child c : children) {
                startFirst(c);
            }
            firstStartsDone = true;
            reportIfAllRunning();
            for (;;) {
                Object m = ctx.receive();
                if (m instanceof Running r) {
                    onRunning(r);
                } else if (m instanceof Exit e) {
                    if (onExit(e)) {
                        clean = true;
                        return;
                    }
                    reportIfAllRunning();  // a temporary child that never ran may have been dropped
                }
            }
        } finally {
            handle.progress.exiting();
            if (!clean) {
                // stopped or crashed: tell every child to stop, last first (a cancelled coroutine cannot wait)
                for (int i = children.size() - 1; i >= 0; i--) {
                    Child c = children.get(i);
                    if (c.actor != null) {
                        c.actor.signal(new ActorSignal.Stop(ExitReason.STOPPED));
                        forget(c);
                    }
                }
            }
        }
    }

    /** Handles one exit; true if the supervisor itself must end now (its parent exited). */
    private boolean onExit(Exit e) {
        Child child = find(e.from());
        if (child == null) {
            if (e.reason().kind() != ExitReason.Kind.NORMAL) {
                // a linked non-child (the parent) failed: shut the subtree down and follow it
                stopAll(children.size() - 1, 0);
                ctx.cell().exitWith(ExitReason.linked(e.from(), e.reason()));
                return true;
            }
            return false;
        }
        forget(child);
        boolean restart = switch (child.spec.restart) {
            case PERMANENT -> true;
            case TRANSIENT -> e.reason().isAbnormal();
            case TEMPORARY -> false;
        };
        if (!restart) {
            if (e.reason().isAbnormal()) {
                LOG.warn("supervisor '{}': {} child '{}' failed and is not restarted: {}", ctx.name(),
                        child.spec.restart, child.spec.id, e.reason(), e.reason().cause());
            }
            if (child.spec.restart == Restart.TEMPORARY) {
                children.remove(child);
                publishOrder();
            }
            return false;
        }
        if (!allowRestart()) {
            String why = "supervisor '" + ctx.name() + "' gave up: more than " + spec.maxRestarts()
                    + " restarts within " + spec.period() + "; last, child '" + child.spec.id + "' " + e.reason();
            LOG.error("{}; it stops its children and exits", why, e.reason().cause());
            stopAll(children.size() - 1, 0);
            throw new SupervisorGaveUpException(why, e.reason().cause());
        }
        if (e.reason().isAbnormal()) {
            LOG.warn("supervisor '{}' restarts child '{}' ({}): it failed: {}", ctx.name(), child.spec.id,
                    spec.strategy(), e.reason(), e.reason().cause());
        }
        int at = children.indexOf(child);
        switch (spec.strategy()) {
            case ONE_FOR_ONE -> restart(child);
            case ONE_FOR_ALL -> {
                stopAll(children.size() - 1, 0);
                restartFrom(0);
            }
            case REST_FOR_ONE -> {
                stopAll(children.size() - 1, at + 1);
                restartFrom(at);
            }
        }
        return false;
    }

    private boolean allowRestart() {
        long now = io.machinarium.core.spi.Blocker.now();
        long window = spec.period().toNanos();
        while (!restartTimes.isEmpty() && now - restartTimes.peekFirst() > window) {
            restartTimes.pollFirst();
        }
        if (restartTimes.size() >= spec.maxRestarts()) {
            return false;
        }
        restartTimes.addLast(now);
        return true;
    }

    /** Restarts every child from index {@code from} that is not running, in order; temporaries are dropped. */
    private void restartFrom(int from) {
        for (int i = from; i < children.size(); i++) {
            Child c = children.get(i);
            if (c.actor != null) {
                continue;
            }
            if (c.spec.restart == Restart.TEMPORARY) {
                children.remove(i--);
                publishOrder();
                continue;
            }
            restart(c);
        }
    }

    private void restart(Child c) {
        handle.restarted();
        ctx.system().restarted();
        LOG.debug("supervisor '{}' restarts child '{}'", ctx.name(), c.spec.id);
        start(c);
    }

    /**
     * The first start of a child. In a fail-fast start a failing spawn fails the supervisor's start, and
     * the next child starts only once this one is running (as in OTP), so that it may rely on the ones before.
     */
    private void startFirst(Child c) {
        if (!handle.progress.failFast) {
            start(c);  // a failing spawn crashes the supervisor with that failure, as it always has
            return;
        }
        try {
            start(c);
        } catch (RuntimeException e) {
            failStart(c, "its spawn failed: " + e, e);
        }
        ActorRef<?> incarnation = c.actor;
        Object m = ctx.poll(x -> x instanceof Running r && r.child() == c
                || x instanceof Exit e && e.from().equals(incarnation), null);
        if (m instanceof Running r) {
            onRunning(r);
        } else if (m instanceof Exit e) {
            forget(c);
            failStart(c, "it exited before it was running: " + e.reason().detail(), e.reason().cause());
        }
    }

    /** Stops the children started so far, last first, and ends the supervisor with the child's failure. */
    private void failStart(Child c, String why, Throwable cause) {
        ChildFailedToStartException failure = new ChildFailedToStartException("supervisor '" + ctx.name()
                + "': child '" + c.spec.id + "' failed to start: " + why, c.spec.id, cause);
        stopAll(children.size() - 1, 0);
        handle.progress.failed(failure);
        throw failure;
    }

    private void start(Child c) {
        // a child supervisor started before this one runs is fail-fast as this one is
        Supervisor nested = c.spec.isSupervisor ? new Supervisor(handle.progress.failFast && !reportedRunning) : null;
        int incarnation = ++c.incarnation;
        c.running = false;
        ActorCell<Object> self = ctx.cell();
        Running word = new Running(c, incarnation);
        ActorRef<?> child = ctx.spawnLinkedCell(c.spec, nested,
                () -> self.runHere(() -> self.deliverSignal(word)));  // signals ignore a bounded mailbox
        c.actor = child;
        handle.published(c.spec.id, child, nested);
    }

    private void onRunning(Running r) {
        Child c = r.child();
        if (c.incarnation == r.incarnation()) {  // it ran, even if it has ended since without a restart
            c.running = true;
            reportIfAllRunning();
        }
    }

    /** Once every child has been running at once: this supervisor is running too. */
    private void reportIfAllRunning() {
        if (reportedRunning || !firstStartsDone) {
            return;
        }
        for (Child c : children) {
            if (!c.running && c.actor != null) {  // a child gone and not restarted has nothing to wait for
                return;
            }
        }
        reportedRunning = true;
        handle.progress.running();
        if (awaitedTopLevel()) {
            ctx.cell().signal(new ActorSignal.Unwatch(handle.progress));  // later crashes are reported as usual
        }
        if (running != null) {
            running.run();
        }
    }

    /** Whether a caller waits in {@link Supervisor#startAndAwait} for this supervisor, which has no parent. */
    private boolean awaitedTopLevel() {
        return handle.progress.failFast && running == null;
    }

    /** Stops running children from index {@code last} down to {@code first}, waiting for each exit. */
    private void stopAll(int last, int first) {
        for (int i = last; i >= first; i--) {
            Child c = children.get(i);
            ActorRef<?> child = c.actor;
            if (child == null) {
                continue;
            }
            child.signal(new ActorSignal.Stop(ExitReason.STOPPED));
            Duration timeout = c.spec.shutdownTimeout;
            Object exit = ctx.poll(m -> m instanceof Exit x && x.from().equals(child), timeout);
            if (exit == null) {
                LOG.warn("supervisor '{}': child '{}' did not stop within {}; going on without it", ctx.name(),
                        c.spec.id, timeout);
            }
            forget(c);
        }
    }

    private void forget(Child c) {
        c.actor = null;
        handle.published(c.spec.id, null, null);
    }

    private Child find(ActorRef<?> ref) {
        for (Child c : children) {
            if (ref.equals(c.actor)) {
                return c;
            }
        }
        return null;
    }

    private void publishOrder() {
        List<String> ids = new ArrayList<>(children.size());
        for (Child c : children) {
            ids.add(c.spec.id);
        }
        handle.publishedOrder(ids);
    }
}
