package io.machinarium.core;

import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The failures of a {@link Scope}'s children and who gets each: the owner, thrown by its next join or
 * close (the first failure as the cause, later ones suppressed under it) — or, once the owner can no
 * longer throw them, the runtime's {@link UncaughtFailureHandler}. The owner can no longer throw them when
 * it ended without closing the scope (a coroutine owner), or when the scope became unreachable with
 * failures nobody took (any owner, a plain thread too): a failure is never silently dropped.
 *
 * <p>Why a {@link Cleaner}: a plain thread that forgets to close a scope gives no other sign. It is
 * registered only while failures wait to be thrown, so a scope whose children succeed pays nothing; and it
 * must hold nothing that reaches the scope, which is why an ended child drops its body and its scope link.
 * Guarded by this object's monitor, taken inside the scope's; reports run outside both.
 */
final class ScopeFailures {
    /** How many later failures are kept under the first; more are dropped (a bound on memory). */
    private static final int MAX_SUPPRESSED = 16;

    /** One JVM-wide cleaner thread, started by the first failure waiting in a scope; it holds no state. */
    private static final class Dropped {
        static final Cleaner CLEANER = Cleaner.create();
    }

    /** One child's failure. */
    private record Entry(Coroutine child, Throwable failure) {
        void report() {
            FailureLog.report(child.machine().runtime().config().uncaughtFailureHandler(), child, failure);
        }
    }

    /** The scope's first failure ever: it cancelled the siblings, and a refused spawn names it. */
    private Throwable first;
    /** Failures no join or close has thrown yet, oldest first. */
    private final List<Entry> unthrown = new ArrayList<>(0);
    /** Whether the owner can no longer throw failures: they are reported as they come. */
    private boolean abandoned;
    private Cleaner.Cleanable cleanable;

    /**
     * Records a child's failure: kept for the owner, or reported at once if the owner is gone.
     *
     * @return whether it is the scope's first failure (which cancels the siblings)
     */
    boolean record(Scope scope, Coroutine child, Throwable failure) {
        Entry e = new Entry(child, failure);
        boolean isFirst;
        boolean reportNow;
        synchronized (this) {
            isFirst = first == null;
            if (isFirst) {
                first = failure;
            }
            reportNow = abandoned;
            if (!reportNow) {
                if (unthrown.size() <= MAX_SUPPRESSED) {
                    unthrown.add(e);
                }
                if (cleanable == null) {
                    cleanable = Dropped.CLEANER.register(scope, this::ownerGone);
                }
            }
        }
        if (reportNow) {
            e.report();
        }
        return isFirst;
    }

    /** The scope's first failure, or null. */
    synchronized Throwable first() {
        return first;
    }

    /**
     * Takes the failures to throw now: the oldest not thrown yet first, then those to suppress under it.
     *
     * @return the failures, oldest first; empty if none waits
     */
    List<Throwable> takeUnthrown() {
        List<Throwable> out;
        Cleaner.Cleanable c;
        synchronized (this) {
            out = new ArrayList<>(unthrown.size());
            for (Entry e : unthrown) {
                out.add(e.failure());
            }
            unthrown.clear();
            c = cleanable;
            cleanable = null;
        }
        if (c != null) {
            c.clean();  // nothing waits any more: deregister (its action finds nothing to report)
        }
        return out;
    }

    /**
     * Throws what a join or close that waited with outcome {@code o} must throw, once the children have ended: the
     * owner's cancellation first (the failures not yet thrown suppressed), else the first unthrown failure (the
     * later ones suppressed), else a timeout; nothing when every child ended in time and none failed.
     */
    void throwFor(Blocker.Outcome o, String ownerName, Duration timeout) {
        List<Throwable> unthrown = takeUnthrown();
        if (o == Blocker.Outcome.CANCELLED) {
            CancelledException e = new CancelledException("the owner of a scope, " + ownerName
                    + ", was cancelled while it waited; its children were cancelled and have ended");
            unthrown.forEach(e::addSuppressed);
            throw e;
        }
        if (!unthrown.isEmpty()) {
            Throwable f = unthrown.get(0);
            CoroutineFailedException e = new CoroutineFailedException("a child of the scope of " + ownerName
                    + " failed: " + f, f);
            unthrown.subList(1, unthrown.size()).forEach(e::addSuppressed);
            throw e;
        }
        if (o == Blocker.Outcome.TIMED_OUT) {
            throw new TimedOutException("the children of the scope of " + ownerName + " did not end within "
                    + timeout + "; those still running were cancelled and have ended");
        }
    }

    /**
     * The owner can no longer throw failures — it ended without closing the scope, or the scope was found
     * unreachable: reports the waiting ones, and every later one as it comes.
     */
    void ownerGone() {
        List<Entry> waiting;
        synchronized (this) {
            abandoned = true;
            waiting = List.copyOf(unthrown);
            unthrown.clear();
        }
        waiting.forEach(Entry::report);
    }
}
