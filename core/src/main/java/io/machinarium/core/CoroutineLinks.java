package io.machinarium.core;

import io.machinarium.core.spi.WaiterQueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a coroutine is linked to beyond its own body, and what its end tells them: the coroutines and
 * threads joining it, the scope it is a child of, and the open scopes it owns (cancelled with it); and the
 * coroutine's rare state: its failure and the resumes to skip after a refused suspension. Made only when first
 * needed — at the first join, the first scope opened, at spawn for a scope's child, when the body fails or a
 * suspension is refused — so that an idle coroutine linked to nothing pays one null reference (an 80-byte
 * {@link Coroutine} instead of 88).
 *
 * <p>Thread: the joiners' queue is made under the coroutine's monitor; the owned scopes by this object's
 * monitor, pushed and removed by the owner and read by whoever cancels it. {@link #ended} runs on the
 * coroutine's machine.
 */
final class CoroutineLinks {
    private static final Logger LOG = LoggerFactory.getLogger(Coroutine.class);

    /**
     * The scope this coroutine is a child of, or null; dropped once the scope was told of its end, so that
     * an ended child kept for a failure report does not keep its scope reachable ({@link ScopeFailures}).
     */
    Scope memberOf;
    /** The coroutines and threads joining it; made at the first join. Guarded by the coroutine's monitor. */
    private WaiterQueue joiners;
    /** The innermost open scope the coroutine owns; the others through {@link Scope#enclosing}. */
    private Scope innermostOwned;

    /**
     * How the body ended: its exception, or null. Written on the machine thread before the coroutine's done
     * flag, so whoever sees the flag sees it.
     */
    Throwable failure;
    /**
     * Resumes queued for waits decided while the JVM refused to suspend the coroutine, which the scheduler
     * must skip. Machine thread only.
     */
    int strayResumes;

    CoroutineLinks(Scope memberOf) {
        this.memberOf = memberOf;
    }

    /** The links of {@code c}, made if it has none yet. */
    static CoroutineLinks of(Coroutine c) {
        CoroutineLinks l = c.links;
        if (l != null) {
            return l;
        }
        synchronized (c) {
            return ofLocked(c);
        }
    }

    /** The links of {@code c}, made if it has none yet; under the coroutine's monitor. */
    private static CoroutineLinks ofLocked(Coroutine c) {
        CoroutineLinks l = c.links;
        if (l == null) {
            l = new CoroutineLinks(null);
            c.links = l;
        }
        return l;
    }

    /**
     * Waits until {@code c} has ended, as {@link Coroutine#join(Duration)} describes. The joiners wait in a
     * queue of their own, not in a {@code Completion}: the coroutine's done flag is the result, so a join
     * costs the queue and nothing more.
     *
     * @throws TimedOutException if it is still running when the timeout expires
     * @throws CancelledException if the caller is cancelled while waiting
     */
    static void awaitEnd(Coroutine c, Duration timeout) {
        WaiterQueue joiners;
        synchronized (c) {
            CoroutineLinks l = ofLocked(c);
            if (l.joiners == null) {
                l.joiners = new WaiterQueue();
            }
            joiners = l.joiners;
        }
        long deadline = Blocker.deadline(timeout);
        while (!c.isDone()) {
            Blocker me = Blocker.current();
            long ticket = me.prepare(c);
            WaiterQueue.Node node = joiners.add(me, ticket);
            if (c.isDone()) {
                me.wake(ticket);  // ended meanwhile: its wake-up may have missed this node
            }
            Blocker.Outcome o = me.await(ticket, deadline);
            joiners.remove(node);
            if (o == Blocker.Outcome.WOKEN || c.isDone()) {
                continue;  // an end that arrives with a timeout or a cancellation wins
            }
            o.orThrow("join of coroutine", "'" + c.name() + "'", "did not finish", timeout);
        }
    }

    /** The joiners' queue, or null if none has joined; under the coroutine's monitor. */
    WaiterQueue joiners() {
        return joiners;
    }

    /**
     * Tells the joiners and the scope of {@code c} that it has ended, once it is done, and the scopes it still
     * owns that it can no longer join them. A failure nobody will see (no joiner now, no scope) goes to the
     * runtime's {@link UncaughtFailureHandler}; a coroutine that never ran, or ended by its own cancellation,
     * is no failure to report.
     */
    static void ended(Coroutine c, CoroutineLinks links, WaiterQueue joiners, Throwable failure, boolean ran) {
        Scope scope = links == null ? null : links.memberOf;
        if (failure != null && joiners == null && scope == null) {
            if (!ran || failure instanceof CancelledException && c.isCancelled()) {
                LOG.debug("coroutine '{}' ended without running its course: {}", c.name(), failure.toString());
            } else {
                FailureLog.report(c.machine().runtime().config().uncaughtFailureHandler(), c, failure);
            }
        }
        if (joiners != null) {
            joiners.wakeAll();
        }
        if (scope != null) {
            scope.childEnded(c, failure);
            links.memberOf = null;
        }
        if (links != null) {
            links.ownerEnded();
        }
    }

    /** The coroutine has ended: the scopes it opened and never closed learn that their owner is gone. */
    private void ownerEnded() {
        List<Scope> open = new ArrayList<>(1);
        synchronized (this) {
            for (Scope o = innermostOwned; o != null; o = o.enclosing) {
                open.add(o);
            }
        }
        for (Scope s : open) {
            s.ownerEnded();
        }
    }

    /**
     * Records a scope that {@code owner} opened, so that cancelling the owner cancels it; an owner cancelled
     * already cancels the scope at once.
     */
    static void own(Coroutine owner, Scope s) {
        CoroutineLinks l;
        synchronized (owner) {
            l = ofLocked(owner);
        }
        synchronized (l) {
            s.enclosing = l.innermostOwned;
            l.innermostOwned = s;
        }
        if (owner.isCancelled()) {  // after the push: a concurrent cancel() sees the scope or is seen here
            s.cancel();
        }
    }

    /** Forgets a scope {@code owner} owned, wherever it is in the chain (one closed out of order too). */
    static void disown(Coroutine owner, Scope s) {
        CoroutineLinks l = owner.links;
        if (l == null) {
            return;
        }
        synchronized (l) {
            if (l.innermostOwned == s) {
                l.innermostOwned = s.enclosing;
            } else {
                for (Scope o = l.innermostOwned; o != null; o = o.enclosing) {
                    if (o.enclosing == s) {
                        o.enclosing = s.enclosing;
                        break;
                    }
                }
            }
            s.enclosing = null;
        }
    }

    /** Cancels every open scope the coroutine owns, innermost first; called by its cancellation. */
    void cancelOwned() {
        Scope first;
        synchronized (this) {
            first = innermostOwned;
        }
        if (first == null) {
            return;
        }
        List<Scope> owned = new ArrayList<>(2);
        synchronized (this) {
            for (Scope o = innermostOwned; o != null; o = o.enclosing) {
                owned.add(o);
            }
        }
        for (Scope s : owned) {
            s.cancel();  // outside the monitor: a scope's cancellation cancels its children's scopes in turn
        }
    }
}
