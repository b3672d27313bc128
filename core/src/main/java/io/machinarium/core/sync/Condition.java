package io.machinarium.core.sync;

import io.machinarium.core.Blocker;
import io.machinarium.core.CancelledException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.Machine;
import io.machinarium.core.MisuseException;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.WaiterQueue;
import java.time.Duration;

/**
 * A machine-local condition (machinarium's {@code machine_cond}): coroutines of one machine wait for
 * it, and {@link #signal()} wakes one of them or, when none waits, is remembered for the next wait.
 * With {@link #propagate(Condition)}, a signal also signals another condition, so that one coroutine
 * can wait for any of several sources:
 *
 * <pre>{@code
 * Condition any = new Condition();
 * readable.propagate(any);
 * timerFired.propagate(any);
 * any.await(Duration.ofSeconds(1));      // woken by whichever is signalled first
 * }</pre>
 *
 * <p>Machine-confined: created on a machine, used only by its coroutines (and tasks); any other thread
 * gets {@link MisuseException}. Cross-machine code uses {@link Event} or channels.
 */
public final class Condition {
    private final Machine owner;
    private final WaiterQueue waiters = new WaiterQueue();
    private boolean signalled;
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
     * Makes every later {@link #signal()} of this condition also signal {@code target}; null stops it.
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
    }

    /**
     * Wakes one waiting coroutine, or remembers the signal for the next wait; then signals the
     * condition this one propagates to, if any.
     *
     * @throws MisuseException if called from another thread than the owner machine's
     */
    public void signal() {
        check();
        boolean woken = false;
        for (WaiterQueue.Node n = waiters.poll(); n != null && !woken; n = waiters.poll()) {
            woken = n.wake();
        }
        if (!woken) {
            signalled = true;
        }
        if (propagateTo != null) {
            propagateTo.signal();
        }
    }

    /**
     * Waits for a signal, consuming it; returns at once if one is pending.
     *
     * @param timeout how long to wait; null waits forever
     * @throws TimedOutException if no signal came in time
     * @throws CancelledException if the coroutine is or gets cancelled
     * @throws MisuseException if called outside a coroutine of the owner machine
     */
    public void await(Duration timeout) {
        check();
        Coroutine me = Coroutine.current();
        if (me == null) {
            throw new MisuseException("Condition.await must be called inside a coroutine of machine '"
                    + owner.name() + "'.");
        }
        Blocker.throwIfCancelled("condition wait");
        if (signalled) {
            signalled = false;
            return;
        }
        long ticket = me.prepare(this);
        WaiterQueue.Node node = waiters.add(me, ticket);
        SyncWait.await(me, ticket, waiters, node, Blocker.deadline(timeout), timeout, this);
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
}
