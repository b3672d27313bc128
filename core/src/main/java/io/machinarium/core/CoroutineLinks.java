package io.machinarium.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a coroutine is linked to beyond its own body, and what its end tells them: the completion its
 * joiners wait on, the scope it is a child of, and the open scopes it owns (cancelled with it). Made only
 * when first needed — at the first join, the first scope opened, or at spawn for a scope's child — so that
 * an idle coroutine linked to nothing pays one null reference.
 *
 * <p>Thread: {@link #joined} is guarded by the coroutine's monitor; the owned scopes by this object's
 * monitor, pushed and removed by the owner and read by whoever cancels it. {@link #ended} runs on the
 * coroutine's machine.
 */
final class CoroutineLinks {
    private static final Logger LOG = LoggerFactory.getLogger(Coroutine.class);

    /** The scope this coroutine is a child of, or null. */
    final Scope memberOf;
    /** Completed when the coroutine ends; made at the first join. Guarded by the coroutine's monitor. */
    private Completion<Void> joined;
    /** The innermost open scope the coroutine owns; the others through {@link Scope#enclosing}. */
    private Scope innermostOwned;

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
            if (c.links == null) {
                c.links = new CoroutineLinks(null);
            }
            return c.links;
        }
    }

    /**
     * Waits until {@code c} has ended, as {@link Coroutine#join(Duration)} describes.
     *
     * @throws TimedOutException if it is still running when the timeout expires
     * @throws CancelledException if the caller is cancelled while waiting
     */
    static void awaitEnd(Coroutine c, Duration timeout) {
        Completion<Void> end;
        synchronized (c) {
            CoroutineLinks l = of(c);
            if (l.joined == null) {
                l.joined = new Completion<>();
            }
            end = l.joined;
        }
        if (c.isDone()) {
            return;
        }
        Blocker.Outcome o = end.await(Blocker.deadline(timeout), c);
        if (o == Blocker.Outcome.TIMED_OUT) {
            throw new TimedOutException("coroutine '" + c.name() + "' did not finish within " + timeout);
        }
        if (o == Blocker.Outcome.CANCELLED) {
            throw new CancelledException("join of coroutine '" + c.name() + "' was cancelled");
        }
    }

    /** The completion the joiners wait on, or null if none has joined; under the coroutine's monitor. */
    Completion<Void> joiners() {
        return joined;
    }

    /**
     * Tells the joiners and the scope of {@code c} that it has ended, once it is done; a failure nobody
     * will see (no joiner yet, no scope) is logged instead.
     */
    static void ended(Coroutine c, Scope scope, Completion<Void> joiners, Throwable failure) {
        if (failure != null && joiners == null && scope == null) {
            if (failure instanceof CancelledException) {
                LOG.debug("coroutine '{}' ended by cancellation: {}", c.name(), failure.getMessage());
            } else {
                LOG.warn("coroutine '{}' on machine '{}' failed and nobody has joined it yet", c.name(),
                        c.machine().name(), failure);
            }
        }
        if (joiners != null) {
            joiners.complete(null);
        }
        if (scope != null) {
            scope.childEnded(c, failure);
        }
    }

    /**
     * Records a scope that {@code owner} opened, so that cancelling the owner cancels it; an owner cancelled
     * already cancels the scope at once.
     */
    static void own(Coroutine owner, Scope s) {
        CoroutineLinks l = of(owner);
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
