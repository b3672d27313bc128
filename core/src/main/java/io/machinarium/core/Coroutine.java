package io.machinarium.core;

import io.machinarium.core.spi.WaiterQueue;
import java.time.Duration;

/**
 * A coroutine: a body of plain procedural code that runs on one {@link Machine}'s thread and
 * suspends — instead of blocking the thread — whenever it waits ({@link #sleep}, {@link #join},
 * channel reads, socket reads, ...). Many coroutines share a machine; they take turns in FIFO order.
 *
 * <pre>{@code
 * try (Machinarium rt = Machinarium.start()) {
 *     Coroutine c = rt.machine(0).spawn("greeter", () -> {
 *         Coroutine.sleep(Duration.ofMillis(10));     // suspends this coroutine only
 *         System.out.println("hello from " + Coroutine.current().name());
 *     });
 *     c.join(Duration.ofSeconds(1));                   // works from threads and coroutines
 * }
 * }</pre>
 *
 * <p>Rules: a coroutine always runs on the machine that spawned it. It must not block its thread
 * ({@code Thread.sleep}, JDK socket IO, JDBC, {@code LockSupport.park}): use {@link Offload} for such calls.
 * It must not suspend while holding a {@code synchronized} monitor: on JDK 24+ the monitor stays locked while
 * it is suspended and the next coroutine or thread to enter it blocks for good, machine thread included
 * (measured on JDK 25: the machine hangs); use {@link io.machinarium.core.sync.Mutex}. Where the JVM refuses
 * the suspension (JDK 21–23, {@code -XX:LockingMode=1}) or {@link MachinariumConfig#monitorCheck()} is on,
 * the call throws {@link MisuseException}; the stall watchdog reports a machine blocked on such a monitor at
 * ERROR. {@code ThreadLocal}s are per machine, not per coroutine.
 *
 * <p>Thread safety: {@link #cancel()}, {@link #join}, {@link #state()} and the accessors work from any
 * thread; the static calls act on the calling coroutine and throw {@link MisuseException} elsewhere.
 *
 * @since 0.1.0
 */
public final class Coroutine extends Blocker {
    static final byte S_NEW = 0;
    static final byte S_READY = 1;
    static final byte S_RUNNING = 2;
    static final byte S_SUSPENDED = 3;
    static final byte S_DONE = 4;
    /** Every continuation's target: one object, so that a coroutine costs no lambda of its own. */
    private static final Runnable ENTRY = new CoroutineEntry();

    final Scheduler scheduler;
    private final long id;
    private final String name;
    /** Dropped once it has run: an ended coroutine kept for a report must not keep what its body captured. */
    Runnable body;
    final CoroutineContinuation cont;
    private volatile boolean cancelled;
    private volatile boolean done;
    /**
     * Joiners, scopes and the rare state (a failure, stray resumes), made on first need
     * ({@link CoroutineLinks}) so that an idle coroutine pays one reference for them; written under this monitor.
     */
    volatile CoroutineLinks links;
    /** The coroutine that spawned this one, or null; dropped once this one ends, so no chain is retained. */
    private Coroutine parent;

    // Owned by the machine thread.
    byte runState = S_NEW;
    Coroutine prevAlive;
    Coroutine nextAlive;
    private WaitTimer timer;
    /** When it was made, if a recording wanted lifetime events then; else 0. */
    private final long bornNanos;

    Coroutine(Scheduler scheduler, long id, String name, Runnable body, Coroutine parent, Scope scope) {
        this.bornNanos = JfrHooks.lifetimeWanted() ? System.nanoTime() : 0;
        this.scheduler = scheduler;
        this.id = id;
        this.name = name;
        this.body = body;
        this.parent = parent;
        if (scope != null) {  // no volatile store for the many coroutines of no scope
            this.links = new CoroutineLinks(scope);
        }
        this.cont = new CoroutineContinuation(ENTRY);
    }

    /**
     * Returns the coroutine that is running on the calling thread.
     *
     * @return the current coroutine, or null when called outside any coroutine
     */
    public static Coroutine current() {
        return Thread.currentThread() instanceof MachineThread t ? t.scheduler.current : null;
    }

    /**
     * Suspends the calling coroutine for at least {@code duration}; other coroutines of the machine run
     * meanwhile. A zero or negative duration yields like {@link #yieldNow()}.
     *
     * @param duration how long to sleep
     * @throws CancelledException if the coroutine is or gets cancelled (before or while sleeping)
     * @throws MisuseException if called outside a coroutine
     */
    public static void sleep(Duration duration) {
        Sleep.nanos(duration.toNanos());
    }

    /**
     * Suspends the calling coroutine for at least {@code millis} ms; {@code 0} yields to the machine's others.
     *
     * @param millis how long to sleep, in milliseconds
     * @throws CancelledException if the coroutine is or gets cancelled
     * @throws MisuseException if called outside a coroutine
     */
    public static void sleep(long millis) {
        Sleep.nanos(millis * 1_000_000L);
    }

    /**
     * Lets every other ready coroutine of the machine run once, then continues; no check for cancellation.
     *
     * @throws MisuseException if called outside a coroutine, or if the JVM refuses to suspend it
     */
    public static void yieldNow() {
        require("Coroutine.yieldNow").yieldOnce();
    }

    /**
     * Throws if the calling coroutine was cancelled; a cheap check for long computations that do not block.
     *
     * @throws CancelledException if the current coroutine was cancelled
     * @throws MisuseException if called outside a coroutine
     */
    public static void checkCancelled() {
        require("Coroutine.checkCancelled").failIfCancelled("checkCancelled");
    }

    static Coroutine require(String call) {
        Coroutine c = current();
        if (c == null) {
            throw new MisuseException(call + " must be called inside a coroutine, but thread '"
                    + Thread.currentThread().getName() + "' is not running one; spawn a coroutine with "
                    + "Machine.spawn and call it there.");
        }
        return c;
    }

    void yieldOnce() {
        scheduler.makeReady(this);
        if (!CoroutineContinuation.suspend(scheduler)) {
            CoroutineLinks.of(this).strayResumes++;
            throw CoroutineContinuation.refused(scheduler, name(), "yield");
        }
    }

    /**
     * Machine-wide unique id.
     *
     * @return the id
     */
    public long id() {
        return id;
    }

    /**
     * The name given at spawn, or {@code coroutine-<id>}.
     *
     * @return the name
     */
    public String name() {
        return name != null ? name : "coroutine-" + id;
    }

    /**
     * The machine this coroutine runs on, for its whole life.
     *
     * @return the machine
     */
    public Machine machine() {
        return scheduler.machine;
    }

    /**
     * The coroutine that spawned this one ({@link Machine#spawn}, {@link Scope#spawn}), as a coroutine dump
     * shows it. A racy read from other threads; never blocks.
     *
     * @return the parent while this coroutine is alive (the parent itself may have ended); null for a
     *     coroutine spawned by a plain thread or a machine task, and once this coroutine has ended
     */
    public Coroutine parent() {
        return parent;
    }

    /**
     * A snapshot of the life-cycle state; from other threads it may already be out of date.
     *
     * @return the state
     */
    public CoroutineState state() {
        return done ? CoroutineState.DONE : CoroutineState.of(runState);
    }

    /**
     * What the coroutine waits on while {@link CoroutineState#WAITING}, as shown in dumps.
     *
     * @return a description, or null when not waiting
     */
    public String waitingOn() {
        Object w = waitingOn;
        return w == null ? null : String.valueOf(w);
    }

    /**
     * Whether {@link #cancel()} was called.
     *
     * @return true once cancelled
     */
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Whether the body has returned or thrown.
     *
     * @return true once finished
     */
    public boolean isDone() {
        return done;
    }

    /**
     * Cancels the coroutine from any thread: its current blocking call (if any) ends with
     * {@link CancelledException}, and so does every later one. Cancelling twice, or a finished
     * coroutine, does nothing. It does not wait for the coroutine to finish: {@link #join} does.
     */
    public void cancel() {
        if (done) {
            return;
        }
        cancelled = true;
        long ticket = pendingTicket();
        if (ticket >= 0) {
            decide(ticket, CANCELLED);
        }
        CoroutineLinks l = links;
        if (l != null) {
            l.cancelOwned();
        }
    }

    /**
     * Waits until the coroutine finishes, with no time limit. See {@link #join(Duration)}.
     *
     * @throws CoroutineFailedException if the coroutine ended with an exception (the cause)
     * @throws CancelledException if the caller is cancelled while waiting
     * @throws MisuseException if a coroutine joins itself
     */
    public void join() {
        join(null);
    }

    /**
     * Waits until the coroutine finishes. Works from coroutines (which suspend) and plain threads
     * (which park). Joining a finished coroutine returns (or throws its failure) at once, as often as
     * it is called.
     *
     * @param timeout how long to wait at most; null waits forever
     * @throws CoroutineFailedException if the coroutine ended with an exception, which is the cause
     * @throws TimedOutException if it is still running when the timeout expires
     * @throws CancelledException if the caller is cancelled (or its thread interrupted) while waiting
     * @throws MisuseException if a coroutine joins itself
     */
    public void join(Duration timeout) {
        Blocker.throwIfCancelled("join of coroutine '" + name() + "'");
        if (!done) {
            if (current() == this) {
                throw new MisuseException("coroutine '" + name() + "' tried to join itself, which would never return.");
            }
            CoroutineLinks.awaitEnd(this, timeout);
        }
        Throwable f = failure();
        if (f != null) {
            throw new CoroutineFailedException("coroutine '" + name() + "' failed: " + f, f);
        }
    }

    /** How the body ended, once done: its exception, or null. */
    private Throwable failure() {
        CoroutineLinks l = links;
        return l == null ? null : l.failure;
    }

    /**
     * Whether the scheduler must skip this resume: one queued for a wait decided while the JVM refused the
     * suspension. Machine thread only.
     */
    boolean skipStrayResume() {
        CoroutineLinks l = links;
        if (l != null && l.strayResumes > 0) {
            l.strayResumes--;
            return true;
        }
        return false;
    }

    /** Called by the scheduler on the machine thread once the body has returned. */
    void onFinished() {
        ended(true);
    }

    private void ended(boolean ran) {
        runState = S_DONE;
        parent = null;
        body = null;
        if (bornNanos != 0) {
            CoroutineLifetimeEvent.commit(this, bornNanos, failure());
        }
        CoroutineLinks l;
        WaiterQueue joiners;
        synchronized (this) {
            done = true;
            l = links;
            joiners = l == null ? null : l.joiners();
        }
        CoroutineLinks.ended(this, l, joiners, l == null ? null : l.failure, ran);
    }

    /** A coroutine whose machine ended before it could start: joiners see a RejectedException. */
    void rejectUnstarted() {
        CoroutineLinks.of(this).failure = new RejectedException("coroutine '" + name() + "' never ran: machine '"
                + scheduler.machine.name() + "' stopped first");
        ended(false);
    }

    void failIfCancelled(String call) {
        if (cancelled) {
            throw new CancelledException(call + " in coroutine '" + name() + "' refused: the coroutine was cancelled");
        }
    }

    @Override
    public Outcome await(long ticket, long deadlineNanos) {
        checkOwner("Blocker.await");
        if (cancelled) {
            decide(ticket, CANCELLED);
        } else {
            armDeadline(ticket, deadlineNanos);
        }
        return suspendUntilDecided(ticket);
    }

    @Override
    Outcome awaitIgnoringCancellation(long ticket, long deadlineNanos) {
        checkOwner("Blocker.await");
        armDeadline(ticket, deadlineNanos);
        return suspendUntilDecided(ticket);
    }

    private void armDeadline(long ticket, long deadlineNanos) {
        if (deadlineNanos != NO_DEADLINE && isWaiting(ticket)) {
            if (deadlineNanos - scheduler.clock.nanos() <= 0) {
                decide(ticket, TIMED_OUT);
            } else {
                if (timer == null) {
                    timer = new WaitTimer(this);
                }
                scheduler.timers.add(timer, deadlineNanos);
            }
        }
    }

    private Outcome suspendUntilDecided(long ticket) {
        boolean suspended = CoroutineContinuation.suspend(scheduler);
        if (timer != null && timer.isScheduled()) {
            scheduler.timers.remove(timer);
        }
        if (!suspended) {
            if (abandon(ticket, CANCELLED)) {
                waitingOn = null;
                throw CoroutineContinuation.refused(scheduler, name(), "blocking call");
            }
            CoroutineLinks.of(this).strayResumes++;  // whoever decided the wait has queued a resume that must be skipped
        }
        waitingOn = null;
        return outcome(ticket);
    }

    @Override
    void onDecided() {
        scheduler.resume(this);
    }

    @Override
    void checkOwner(String call) {
        if (current() != this) {
            throw new MisuseException(call + " on coroutine '" + name()
                    + "' must be called by that coroutine itself, not by thread '"
                    + Thread.currentThread().getName() + "'.");
        }
    }

    @Override
    public String toString() {
        return "Coroutine[" + name() + " #" + id + " on " + scheduler.machine.name() + ", " + state() + "]";
    }
}
