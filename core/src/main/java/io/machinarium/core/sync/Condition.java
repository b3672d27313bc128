package io.machinarium.core.sync;

import io.machinarium.core.CancelledException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.Machine;
import io.machinarium.core.MisuseException;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.spi.Blocker;
import java.time.Duration;

/**
 * A machine-local condition with propagation (machinarium's {@code machine_cond}): coroutines of one
 * machine wait for it, a signal wakes all of them, and a condition can pass its signals on to another,
 * so that one coroutine can wait for any of several sources and learn whether its own condition fired:
 *
 * <pre>{@code
 * Condition any = new Condition();
 * readable.propagate(any);
 * timerFired.propagate(any);
 * ConditionWake why = any.await(Duration.ofSeconds(1));  // PROPAGATED: one of the sources was signalled
 * }</pre>
 *
 * <p>The rules, exactly:
 * <ul>
 * <li><b>Signal.</b> {@link #signal()} wakes every coroutine waiting on this condition at that moment;
 *     their {@code await} returns {@link ConditionWake#SIGNALLED}. If none waits (or every waiter's wait
 *     ended meanwhile by timeout or cancellation), the signal is kept <em>pending</em> instead.
 * <li><b>Pending signal.</b> The next {@link #await} consumes a pending signal and returns at once with it.
 *     Signals do not add up: several with nobody waiting leave one pending. A pending direct signal is never
 *     downgraded by a later propagated one ({@code SIGNALLED} wins). A signal that arrives after a waiter
 *     was woken but before it ran finds nobody waiting and is kept, so a loop that re-checks its state may
 *     see one extra wake-up. (machinarium keeps no pending signal since it woke every waiter; here a signal
 *     with nobody waiting is not lost, as this class always promised.)
 * <li><b>Propagation.</b> After waking this condition's waiters (or leaving the signal pending), the
 *     signal goes on to the condition set by {@link #propagate(Condition)}, and from there along the chain;
 *     each condition reached wakes its own waiters, whose {@code await} returns
 *     {@link ConditionWake#PROPAGATED}, or keeps the signal pending as {@code PROPAGATED}.
 * <li><b>Cycle guard.</b> One signal reaches each condition of a chain at most once: it stops when the
 *     chain comes back to a condition it has already reached ({@code a → b → a} signals {@code a} and
 *     {@code b} once each, {@code a → a} only {@code a}).
 * <li><b>Propagating a pending signal.</b> {@code propagate(target)} on a condition that holds a pending
 *     signal passes it on at once, as a propagated signal of {@code target} and its chain (machinarium's
 *     {@code machine_cond_propagate}); the pending signal also stays here for this condition's next wait.
 * </ul>
 *
 * <p>Machine-confined: created on a machine, used only by its coroutines (and tasks); any other thread
 * gets {@link MisuseException}. Cross-machine code uses {@link Event} or channels.
 *
 * @since 0.1.0
 */
public final class Condition {
    private final Machine owner;
    /** Waiting coroutines, oldest first; touched only by the owner machine's thread. */
    private Waiter first;
    private Waiter last;
    /** The signal kept for the next wait, or null. */
    private ConditionWake pending;
    private Condition propagateTo;

    /**
     * Creates a condition owned by the calling machine.
     *
     * @throws MisuseException if not called on a machine thread
     */
    public Condition() {
        owner = Machine.current();
        if (owner == null) {
            throw new MisuseException("a Condition belongs to the machine that creates it, but thread '"
                    + Thread.currentThread().getName() + "' is not a machine; create it in a coroutine.");
        }
    }

    /**
     * Makes every later signal of this condition also signal {@code target} (and its own chain); null
     * stops propagation. If this condition holds a pending signal, it is passed on to {@code target} now,
     * as a propagated signal, and stays pending here too. Never blocks.
     *
     * @param target a condition of the same machine, or null
     * @throws MisuseException if called from another thread, or if {@code target} belongs to another
     *     machine
     */
    public void propagate(Condition target) {
        check();
        if (target != null && target.owner != owner) {
            throw new MisuseException("a condition can only propagate to a condition of its own machine '"
                    + owner.name() + "', not of '" + target.owner.name() + "'.");
        }
        propagateTo = target;
        if (target != null && pending != null) {
            signalChain(this, false);
        }
    }

    /**
     * Wakes every coroutine waiting on this condition (or keeps the signal pending when none waits), then
     * signals the chain of conditions this one propagates to, each at most once. Never blocks; the woken
     * coroutines run after the caller yields.
     *
     * @throws MisuseException if called from another thread than the owner machine's
     */
    public void signal() {
        check();
        signalChain(this, true);
    }

    /**
     * Waits for a signal; returns at once, consuming it, if one is pending.
     *
     * @param timeout how long to wait; null waits forever
     * @return {@link ConditionWake#SIGNALLED} if this condition was signalled,
     *     {@link ConditionWake#PROPAGATED} if the signal came through propagation
     * @throws TimedOutException if no signal came in time
     * @throws CancelledException if the coroutine is or gets cancelled
     * @throws MisuseException if called outside a coroutine of the owner machine
     */
    public ConditionWake await(Duration timeout) {
        check();
        Coroutine me = Coroutine.current();
        if (me == null) {
            throw new MisuseException("Condition.await must be called inside a coroutine of machine '"
                    + owner.name() + "'.");
        }
        Blocker.throwIfCancelled("condition wait");
        if (pending != null) {
            ConditionWake kept = pending;
            pending = null;
            return kept;
        }
        Waiter w = new Waiter(me, me.prepare(this));
        link(w);
        Blocker.Outcome o = me.await(w.ticket, Blocker.deadline(timeout));
        if (o == Blocker.Outcome.WOKEN) {
            return w.wake;  // the signaller unlinked it
        }
        unlink(w);
        throw o.failure(this + ":", null, "not signalled", timeout);
    }

    /**
     * Delivers one signal along the chain that starts at {@code from}: to {@code from} itself if asked
     * (as a direct signal), then, as a propagated signal, to each next condition not reached yet.
     */
    private static void signalChain(Condition from, boolean includeFrom) {
        int reached = 0;
        Condition c = from;
        ConditionWake how = ConditionWake.SIGNALLED;
        if (!includeFrom) {
            c = from.propagateTo;
            reached = 1;
            how = ConditionWake.PROPAGATED;
        }
        for (; c != null && !amongFirst(from, reached, c); c = c.propagateTo, reached++) {
            c.deliver(how);
            how = ConditionWake.PROPAGATED;
        }
    }

    /** Whether {@code c} is one of the first {@code n} conditions of the chain from {@code from}. */
    private static boolean amongFirst(Condition from, int n, Condition c) {
        Condition x = from;
        for (int i = 0; i < n; i++, x = x.propagateTo) {
            if (x == c) {
                return true;
            }
        }
        return false;
    }

    /** Wakes every waiter with {@code how}, or keeps the signal pending if nobody took it. */
    private void deliver(ConditionWake how) {
        boolean taken = false;
        for (Waiter w = first; w != null; w = first) {
            unlink(w);
            w.wake = how;
            taken |= w.waiter.wake(w.ticket);  // false: its wait ended by timeout or cancellation meanwhile
        }
        if (!taken && pending != ConditionWake.SIGNALLED) {
            pending = how;
        }
    }

    private void link(Waiter w) {
        w.prev = last;
        if (last == null) {
            first = w;
        } else {
            last.next = w;
        }
        last = w;
        w.linked = true;
    }

    private void unlink(Waiter w) {
        if (!w.linked) {
            return;
        }
        if (w.prev == null) {
            first = w.next;
        } else {
            w.prev.next = w.next;
        }
        if (w.next == null) {
            last = w.prev;
        } else {
            w.next.prev = w.prev;
        }
        w.prev = w.next = null;
        w.linked = false;
    }

    private void check() {
        if (Machine.current() != owner) {
            throw new MisuseException("this Condition belongs to machine '" + owner.name()
                    + "' but was used from thread '" + Thread.currentThread().getName()
                    + "'; use an Event or a channel across machines.");
        }
    }

    @Override
    public String toString() {
        return "condition@" + Integer.toHexString(System.identityHashCode(this));
    }

    /** One waiting coroutine and how it was woken. */
    private static final class Waiter {
        final Coroutine waiter;
        final long ticket;
        ConditionWake wake;
        Waiter prev;
        Waiter next;
        boolean linked;

        Waiter(Coroutine waiter, long ticket) {
            this.waiter = waiter;
            this.ticket = ticket;
        }
    }
}
