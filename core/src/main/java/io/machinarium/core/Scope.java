package io.machinarium.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A structured lifetime: child coroutines that end before the scope does. {@link #close()} waits for every
 * child; the first child that fails cancels its siblings and its failure is thrown by close; cancelling the
 * scope, or the coroutine that opened it, cancels the children.
 *
 * <pre>{@code
 * try (Scope scope = Scope.open()) {
 *     Task<User> user = scope.spawn(() -> users.find(id));
 *     Task<List<Order>> orders = scope.spawn(db, () -> orders.of(id));   // a child on another machine
 *     scope.join();                       // both done, or the first failure thrown (the other cancelled)
 *     return render(user.join(), orders.join());
 * }                                       // close: nothing outlives the block
 * }</pre>
 *
 * <p>The <em>owner</em> is the coroutine (or plain thread, which parks) that opened the scope; only it may
 * {@link #join} and {@link #close} it. Children may run on any machine and may spawn further children into
 * the scope while it is open; each child's {@link Coroutine#parent()} is the coroutine that spawned it.
 * Scopes nest: a child that opens a scope of its own is cancelled with its scope's children.
 *
 * <p>Outcomes: a child that throws fails the scope — its siblings are cancelled, no new child is taken,
 * and the next join or close throws a {@link CoroutineFailedException} whose cause is that first failure
 * (later failures suppressed). A child that ends by its own cancellation (it was cancelled and threw
 * {@link CancelledException}) does not fail the scope. A join whose deadline passes cancels the children
 * still running, waits for them to end and throws {@link TimedOutException}. An owner cancelled (or
 * interrupted) while it waits cancels the children, waits for them to end and throws
 * {@link CancelledException}: once a join returns or throws, no child of the scope runs. Each failure is
 * thrown once; one that comes after a join threw is thrown by the next join or close.
 *
 * <p>Failures nobody throws: a child's failure goes to the runtime's {@link UncaughtFailureHandler} (by
 * default an ERROR log line) instead, so it is never silent, when the owning coroutine ends without having
 * closed the scope, and when the scope is dropped unclosed (by any owner, a plain thread too) and found so
 * by the garbage collector.
 *
 * <p>If the block of a {@code try} throws, close still waits for the children: cancel the scope first
 * ({@code catch (RuntimeException e) { scope.cancel(); throw e; }}) to have them stop. A child that never
 * blocks and never checks {@link Coroutine#checkCancelled()} holds its scope's close until it returns.
 *
 * <p>Thread safety: {@link #spawn}, {@link #cancel()} and the accessors from any thread or coroutine; {@link #join}
 * and {@link #close} by the owner only.
 *
 * @since 0.1.0
 */
public final class Scope implements AutoCloseable {
    private final Blocker owner;
    private final String ownerName;
    /** The next scope out that the same coroutine owns; guarded by the owner's {@link CoroutineLinks}. */
    Scope enclosing;
    // guarded by this
    private final LinkedHashSet<Coroutine> children = new LinkedHashSet<>();
    private final ScopeFailures failures = new ScopeFailures();
    private boolean closed;
    private Blocker waiter;
    private long waiterTicket;
    private volatile boolean cancelled;

    private Scope(Blocker owner) {
        this.owner = owner;
        this.ownerName = owner instanceof Coroutine c ? "coroutine '" + c.name() + "'"
                : "thread '" + Thread.currentThread().getName() + "'";
    }

    /**
     * Opens a scope owned by the caller. Never blocks. A coroutine that is cancelled already gets a
     * cancelled scope (its spawns throw {@link CancelledException}).
     *
     * @return the open scope; close it with try-with-resources
     */
    public static Scope open() {
        Scope s = new Scope(Blocker.current());
        if (s.owner instanceof Coroutine c) {
            CoroutineLinks.own(c, s);
        }
        return s;
    }

    /**
     * Spawns a child on the caller's machine. See {@link #spawn(Machine, String, Callable)}.
     *
     * @param body the child's code
     * @param <T> the type of the result
     * @return the child's task
     * @throws MisuseException if called outside a coroutine (name a machine), or the scope is closed
     * @throws CancelledException if the scope is cancelled or failed
     * @throws RejectedException if the machine is stopping or stopped
     */
    public <T> Task<T> spawn(Callable<T> body) {
        return spawn(callersMachine(), null, body);
    }

    /**
     * Spawns a child with no result on the caller's machine. See {@link #spawn(Machine, String, Callable)}.
     *
     * @param body the child's code
     * @return the child's task, whose result is null
     * @throws MisuseException if called outside a coroutine (name a machine), or the scope is closed
     * @throws CancelledException if the scope is cancelled or failed
     * @throws RejectedException if the machine is stopping or stopped
     */
    public Task<Void> spawn(Runnable body) {
        return spawn(callersMachine(), body);
    }

    /**
     * Spawns a child on {@code machine}. See {@link #spawn(Machine, String, Callable)}.
     *
     * @param machine where the child runs
     * @param body the child's code
     * @param <T> the type of the result
     * @return the child's task
     * @throws MisuseException if the scope is closed
     * @throws CancelledException if the scope is cancelled or failed
     * @throws RejectedException if the machine is stopping or stopped
     */
    public <T> Task<T> spawn(Machine machine, Callable<T> body) {
        return spawn(machine, null, body);
    }

    /**
     * Spawns a child with no result on {@code machine}. See {@link #spawn(Machine, String, Callable)}.
     *
     * @param machine where the child runs
     * @param body the child's code
     * @return the child's task, whose result is null
     * @throws MisuseException if the scope is closed
     * @throws CancelledException if the scope is cancelled or failed
     * @throws RejectedException if the machine is stopping or stopped
     */
    public Task<Void> spawn(Machine machine, Runnable body) {
        Objects.requireNonNull(body, "body");
        return spawn(machine, null, () -> {
            body.run();
            return null;
        });
    }

    /**
     * Spawns a named child on {@code machine} (the caller's own or another: a spawn on another machine goes
     * through that machine's inbox). Never blocks. The child starts after the coroutines ready there now;
     * its parent is the calling coroutine, if any. A child that throws fails the scope (see the class
     * comment); its task's {@link Task#join} throws the failure too.
     *
     * @param machine where the child runs
     * @param name the child's name in dumps; null for {@code coroutine-<id>}
     * @param body the child's code; what it returns is its task's result
     * @param <T> the type of the result
     * @return the child's task
     * @throws MisuseException if the scope is closed
     * @throws CancelledException if the scope is cancelled or failed: it takes no new child
     * @throws RejectedException if the machine is stopping or stopped
     */
    public <T> Task<T> spawn(Machine machine, String name, Callable<T> body) {
        Objects.requireNonNull(machine, "machine");
        return Task.spawn(machine, name, body, this);
    }

    /**
     * Waits, with no time limit, until every child has ended. See {@link #join(Duration)}.
     *
     * @throws CoroutineFailedException if a child failed, with the first failure as the cause
     * @throws CancelledException if the owner is cancelled (or its thread interrupted) while it waits
     * @throws MisuseException if the caller is not the owner
     */
    public void join() {
        join(null);
    }

    /**
     * Waits until every child has ended (the children spawned meanwhile too); the scope stays open. A
     * coroutine suspends, a thread parks. A failure is thrown once: a later join or close of the same scope
     * does not throw it again.
     *
     * @param timeout how long to wait at most; when it passes, the children still running are cancelled
     *     and waited for; null waits forever
     * @throws CoroutineFailedException if a child failed, with the first failure as the cause and later
     *     ones suppressed
     * @throws TimedOutException if children were still running when the timeout passed (they have ended
     *     when it is thrown)
     * @throws CancelledException if the owner is cancelled (or its thread interrupted) while it waits; the
     *     children have ended when it is thrown
     * @throws MisuseException if the caller is not the owner
     */
    public void join(Duration timeout) {
        checkOwner("join");
        awaitChildren(timeout, false);
    }

    /**
     * Closes the scope: waits until every child has ended, then takes no new child. Closing twice does
     * nothing. See {@link #close(Duration)}.
     *
     * @throws CoroutineFailedException if a child failed and no join has thrown that yet
     * @throws CancelledException if the owner is cancelled while it waits
     * @throws MisuseException if the caller is not the owner
     */
    @Override
    public void close() {
        close(null);
    }

    /**
     * Closes the scope within a grace: waits up to {@code timeout} for the children, cancels those still
     * running then and waits for them to end; after that the scope takes no new child. Closing twice does
     * nothing.
     *
     * @param timeout the grace; null waits forever
     * @throws CoroutineFailedException if a child failed and no join has thrown that yet
     * @throws TimedOutException if children were still running when the grace passed (they have ended)
     * @throws CancelledException if the owner is cancelled while it waits (the children have ended)
     * @throws MisuseException if the caller is not the owner
     */
    public void close(Duration timeout) {
        checkOwner("close");
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        try {
            awaitChildren(timeout, true);
        } finally {
            if (owner instanceof Coroutine c) {
                CoroutineLinks.disown(c, this);
            }
        }
    }

    /**
     * Cancels the scope from any thread: every child is cancelled and no new child is taken. Returns at
     * once; the owner's join or close waits for the children to end. Cancelling twice does nothing more.
     */
    public void cancel() {
        List<Coroutine> running;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            running = new ArrayList<>(children);
        }
        for (Coroutine c : running) {
            c.cancel();  // outside the monitor: a child's cancellation cancels the scopes it owns in turn
        }
    }

    /**
     * Whether the scope was cancelled: by {@link #cancel()}, by its owner's cancellation, by a child's
     * failure or by a passed deadline.
     *
     * @return true once cancelled
     */
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * How many children are running now: spawned and not yet ended. A snapshot; never blocks.
     *
     * @return the number of children running
     */
    public synchronized int running() {
        return children.size();
    }

    /** The owning coroutine ended with the scope still open: failures of its children are reported from now. */
    void ownerEnded() {
        failures.ownerGone();
    }

    /** Enrols a new child before it starts; refuses it once the scope takes no child. */
    synchronized void adopt(Coroutine child) {
        if (closed) {
            throw new MisuseException("a child was spawned into the closed scope of " + ownerName
                    + "; spawn children inside the scope's block.");
        }
        if (cancelled) {
            Throwable failure = failures.first();
            throw new CancelledException("the scope of " + ownerName + " is cancelled"
                    + (failure != null ? " (a child failed: " + failure + ")" : "") + "; it takes no new child");
        }
        children.add(child);
    }

    /** Called on the child's machine once it is done: a failure cancels the siblings, the last wakes the owner. */
    void childEnded(Coroutine child, Throwable f) {
        boolean first = false;
        Blocker wake = null;
        long ticket = 0;
        synchronized (this) {
            children.remove(child);
            if (f != null && !(f instanceof CancelledException && child.isCancelled())) {
                first = failures.record(this, child, f);
            }
            if (children.isEmpty() && waiter != null) {
                wake = waiter;
                ticket = waiterTicket;
                waiter = null;
            }
        }
        if (first) {
            cancel();
        }
        if (wake != null) {
            wake.wake(ticket);
        }
    }

    private void awaitChildren(Duration timeout, boolean closing) {
        Blocker.Outcome o = awaitNoChild(owner, Blocker.deadline(timeout), true, closing);
        if (o != Blocker.Outcome.WOKEN) {
            cancel();
            awaitNoChild(owner, Blocker.NO_DEADLINE, false, closing);
        }
        failures.throwFor(o, ownerName, timeout);
    }

    /**
     * Waits until the scope has no child. Closing, the moment it finds none is the moment the scope closes,
     * so that no spawn slips in between.
     */
    private Blocker.Outcome awaitNoChild(Blocker me, long deadline, boolean cancellable, boolean closing) {
        for (;;) {
            long ticket;
            synchronized (this) {
                if (children.isEmpty()) {
                    closed |= closing;
                    return Blocker.Outcome.WOKEN;
                }
                if (cancellable && allDone()) {
                    cancellable = false;  // what is left is done, its end on the way: nothing to wait for
                }
                ticket = me.prepare(this);
                waiter = me;
                waiterTicket = ticket;
            }
            Blocker.Outcome o = cancellable ? me.await(ticket, deadline)
                    : me.awaitIgnoringCancellation(ticket, deadline);
            synchronized (this) {
                if (waiter == me && waiterTicket == ticket) {
                    waiter = null;
                }
                if (o == Blocker.Outcome.TIMED_OUT && children.isEmpty()) {
                    closed |= closing;
                    return Blocker.Outcome.WOKEN;  // the last child ended as the deadline passed
                }
            }
            if (o == Blocker.Outcome.TIMED_OUT || o == Blocker.Outcome.CANCELLED && cancellable) {
                return o;  // a cancelled owner: thrown once the children have ended
            }
        }
    }

    /** Whether every child left is done and only its {@link #childEnded} is still on the way; under the monitor. */
    private boolean allDone() {
        for (Coroutine c : children) {
            if (!c.isDone()) {
                return false;
            }
        }
        return true;
    }

    private void checkOwner(String call) {
        if (Blocker.current() != owner) {
            Coroutine c = Coroutine.current();
            throw new MisuseException(call + " of the scope of " + ownerName + " was called by "
                    + (c != null ? "coroutine '" + c.name() : "thread '" + Thread.currentThread().getName())
                    + "'; only the owner may wait for its children.");
        }
    }

    private static Machine callersMachine() {
        Machine m = Machine.current();
        if (m == null) {  // a plain thread has no machine of its own
            throw new MisuseException("Scope.spawn without a machine must be called inside a coroutine, but thread '"
                    + Thread.currentThread().getName() + "' is not running one; use spawn(machine, body).");
        }
        return m;
    }

    @Override
    public String toString() {  // what dumps show an owner waiting on
        return "scope of " + ownerName + " (children running: " + running() + ")";
    }
}
