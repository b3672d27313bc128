package io.machinarium.core;

import io.netty.channel.IoEventLoop;
import java.time.Duration;
import java.util.HashMap;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * A machine: one thread that runs a Netty event loop and the coroutines spawned on it. Coroutines of
 * one machine never run in parallel with each other, so machine-local state needs no locks; work
 * reaches another machine as a message through its lock-free inbox.
 *
 * <pre>{@code
 * Machine worker = runtime.machine(1);
 * Coroutine c = worker.spawn("job", () -> { ... });   // from any thread or coroutine
 * }</pre>
 *
 * <p>Thread safety: every method may be called from any thread unless it says otherwise.
 *
 * @since 0.1.0
 */
public final class Machine {
    private final Machinarium runtime;
    private final int id;
    private final String name;
    private final Transport transport;
    final Scheduler scheduler;
    /** Machine-local singletons; touched only by the machine's own thread. */
    private final HashMap<Object, Object> locals = new HashMap<>();

    Machine(Machinarium runtime, int id, String name, Transport transport, IdleSpin idleSpin, boolean virtualTime,
            boolean logContext, MachineLifetime lifetime) {
        JvmSupport.requireContinuations();
        this.runtime = runtime;
        this.id = id;
        this.name = name;
        this.transport = transport.resolve();
        this.scheduler = new Scheduler(this, this.transport, idleSpin, virtualTime, logContext, lifetime);
    }

    void startThread() {
        scheduler.thread.start();
    }

    /**
     * The machine whose thread is calling.
     *
     * @return the current machine, or null on a thread that is not a machine's
     */
    public static Machine current() {
        return Thread.currentThread() instanceof MachineThread t ? t.scheduler.machine : null;
    }

    /**
     * A monotonic clock in milliseconds. On a machine thread it is the value cached at the start of the
     * current scheduler pass (no system call); elsewhere it is read live.
     *
     * @return milliseconds on a monotonic scale with an arbitrary origin
     */
    public static long timeMillis() {
        return nanos() / 1_000_000L;
    }

    /**
     * The same clock as {@link #timeMillis()} in microseconds.
     *
     * @return microseconds on a monotonic scale with an arbitrary origin
     */
    public static long timeMicros() {
        return nanos() / 1_000L;
    }

    private static long nanos() {
        return Thread.currentThread() instanceof MachineThread t ? t.scheduler.clock.passNanos : System.nanoTime();
    }

    /**
     * How far this machine's virtual clock has moved since the machine started: the sum of the jumps to
     * timers made while idle. Zero on a machine that runs on real time.
     *
     * @return virtual time elapsed
     */
    public Duration virtualTimeElapsed() {
        return scheduler.clock.virtualElapsed();
    }

    /**
     * The machine's number in its runtime, unique for the runtime's life.
     *
     * @return the id
     */
    public int id() {
        return id;
    }

    /**
     * The machine's name, also its thread's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The runtime that owns this machine.
     *
     * @return the runtime
     */
    public Machinarium runtime() {
        return runtime;
    }

    /**
     * The IO transport actually in use (never AUTO).
     *
     * @return EPOLL or NIO
     */
    public Transport transport() {
        return transport;
    }

    /**
     * The Netty event loop this machine drives. Channels registered with it are served by the machine
     * thread, so coroutines of this machine operate on them inline ({@code inEventLoop()} is true).
     *
     * @return the machine's event loop
     */
    public IoEventLoop eventLoop() {
        return scheduler.ioLoop;
    }

    /**
     * Spawns an unnamed coroutine on this machine. It starts after the coroutines that are ready now.
     *
     * @param body the coroutine's code; an exception it throws is delivered to {@link Coroutine#join}
     * @return the new coroutine
     * @throws RejectedException if the machine is stopping or stopped
     */
    public Coroutine spawn(Runnable body) {
        return spawn(null, body);
    }

    /**
     * Spawns a named coroutine on this machine. It starts after the coroutines that are ready now.
     *
     * @param name the name shown by {@link Coroutine#name()} and in dumps; null for {@code coroutine-<id>}
     * @param body the coroutine's code; an exception it throws is delivered to {@link Coroutine#join}
     * @return the new coroutine
     * @throws RejectedException if the machine is stopping or stopped
     */
    public Coroutine spawn(String name, Runnable body) {
        if (body == null) {
            throw new NullPointerException("body");
        }
        return spawnCoroutine(name, body, null);
    }

    /**
     * Spawns an unnamed coroutine that returns a result. It starts after the coroutines that are ready now.
     * (Not an overload of {@code spawn}: a lambda such as {@code () -> list.add(x)} fits both a
     * {@code Runnable} and a {@code Callable}, and would silently become a task.)
     *
     * <pre>{@code
     * Task<String> page = machine.spawnTask(() -> fetch(url));
     * String text = page.join(Duration.ofSeconds(5));
     * }</pre>
     *
     * @param body the coroutine's code; what it returns is {@link Task#join}'s result, what it throws is the
     *     cause of the {@link CoroutineFailedException} that join throws
     * @param <T> the type of the result
     * @return the task, whose {@link Task#coroutine()} is the new coroutine
     * @throws RejectedException if the machine is stopping or stopped
     */
    public <T> Task<T> spawnTask(Callable<T> body) {
        return spawnTask(null, body);
    }

    /**
     * Spawns a named coroutine that returns a result. See {@link #spawnTask(Callable)}.
     *
     * @param name the name shown by {@link Coroutine#name()} and in dumps; null for {@code coroutine-<id>}
     * @param body the coroutine's code; what it returns is {@link Task#join}'s result
     * @param <T> the type of the result
     * @return the task
     * @throws RejectedException if the machine is stopping or stopped
     */
    public <T> Task<T> spawnTask(String name, Callable<T> body) {
        return Task.spawn(this, name, body, null);
    }

    /**
     * Makes a coroutine whose parent is the calling coroutine (if any), enrols it in {@code scope} (if
     * any) and starts it.
     *
     * @throws RejectedException if the machine is stopping or stopped
     * @throws CancelledException if the scope is cancelled
     * @throws MisuseException if the scope is closed
     */
    Coroutine spawnCoroutine(String name, Runnable body, Scope scope) {
        if (!scheduler.acceptsWork) {
            throw new RejectedException("machine '" + this.name + "' is stopped; it accepts no new coroutine");
        }
        Coroutine c = new Coroutine(scheduler, scheduler.newId(), name, body, Coroutine.current(), scope);
        if (scope != null) {
            scope.adopt(c);
        }
        scheduler.start(c);
        return c;
    }

    /**
     * Runs a short task on the machine thread, outside any coroutine, after the work already queued.
     * The task must not block; to block, spawn a coroutine instead.
     *
     * @param task the task; an exception it throws is logged
     * @throws RejectedException if the machine is stopping or stopped
     */
    public void execute(Runnable task) {
        if (!scheduler.acceptsWork) {
            throw new RejectedException("machine '" + name + "' is stopped; it accepts no new task");
        }
        scheduler.post(task);
    }

    /**
     * Runs a short task on the machine thread, outside any coroutine, once {@code delay} has passed —
     * a timer of the machine's own heap, with no thread or coroutine behind it. The task must not block.
     * Never blocks the caller.
     *
     * @param delay how long to wait before running; zero or negative runs at the next scheduler pass
     * @param task the task; an exception it throws is logged
     * @return the handle that cancels the task
     * @throws RejectedException if the machine is stopping or stopped (a task scheduled earlier simply
     *     never runs once the machine has ended)
     */
    public ScheduledTask schedule(Duration delay, Runnable task) {
        Objects.requireNonNull(task, "task");
        if (!scheduler.acceptsWork) {
            throw new RejectedException("machine '" + name + "' is stopped; it accepts no new timer");
        }
        ScheduledTask t = new ScheduledTask(scheduler, task);
        long nanos = Math.max(0, delay.compareTo(Duration.ofDays(365 * 100L)) > 0 ? Long.MAX_VALUE / 4 : delay.toNanos());
        if (Thread.currentThread() == scheduler.thread) {
            scheduler.timers.add(t, scheduler.clock.nanos() + nanos);
        } else {
            long sent = System.nanoTime();  // the delay counts from now, on the machine's own clock
            scheduler.post((Runnable) () -> {
                if (!t.isCancelled()) {
                    long late = scheduler.clock.isVirtual() ? 0 : System.nanoTime() - sent;
                    scheduler.timers.add(t, scheduler.clock.nanos() + Math.max(0, nanos - late));
                }
            });
        }
        return t;
    }

    /**
     * Asks the machine to stop: it accepts no new coroutine or task, cancels every coroutine (their
     * blocking calls throw {@link CancelledException}) and ends its thread once all have finished.
     * Returns at once; {@link #await} waits for the end. Stopping twice does nothing.
     */
    public void stop() {
        if (scheduler.acceptsWork) {
            scheduler.acceptsWork = false;
            scheduler.post((Runnable) scheduler::beginStop);
        }
    }

    /**
     * Waits until the machine has stopped (or, for {@link MachineLifetime#UNTIL_LAST_COROUTINE_ENDS}, ended
     * with its last coroutine) and its thread has ended. Works from threads and from coroutines of other
     * machines.
     *
     * @param timeout how long to wait at most; null waits forever
     * @return true if the machine has ended, false if it was still running when the timeout expired
     * @throws CancelledException if the caller is cancelled while waiting
     * @throws MisuseException if called on the machine itself
     */
    public boolean await(Duration timeout) {
        if (Machine.current() == this) {
            throw new MisuseException("machine '" + name + "' cannot wait for its own end from its own thread.");
        }
        Blocker.Outcome o = scheduler.terminated.await(Blocker.deadline(timeout), this);
        if (o == Blocker.Outcome.CANCELLED) {
            throw new CancelledException("waiting for machine '" + name + "' to stop was cancelled");
        }
        return o == Blocker.Outcome.WOKEN;
    }

    /**
     * Whether {@link #stop()} was called or the machine ended.
     *
     * @return true once stopping
     */
    public boolean isStopping() {
        return !scheduler.acceptsWork;
    }

    /**
     * Whether the machine's thread has ended.
     *
     * @return true once ended
     */
    public boolean isTerminated() {
        return scheduler.terminated.isDone();
    }

    /**
     * Returns this machine's singleton for {@code key}, creating it with {@code init} on first use: a
     * place for per-machine state such as a resolver bound to the machine's event loop. The value lives
     * as long as the machine. Never blocks (unless {@code init} does, which it must not).
     *
     * @param key identifies the singleton; compared with {@code equals}
     * @param init makes the value the first time; runs on the machine thread and must not return null
     * @param <T> the value's type
     * @return the value stored for {@code key}
     * @throws MisuseException if the caller is not this machine's thread: machine-local state is
     *     machine-confined
     * @throws NullPointerException if {@code init} returns null
     */
    @SuppressWarnings("unchecked")
    public <T> T local(Object key, Supplier<T> init) {
        if (Machine.current() != this) {
            throw new MisuseException("machine-local state of machine '" + name + "' was asked for from thread '"
                    + Thread.currentThread().getName() + "'; only the machine's own coroutines and tasks may use it.");
        }
        Object v = locals.get(key);
        if (v == null) {
            // not computeIfAbsent: init may itself ask for another machine-local value
            v = Objects.requireNonNull(init.get(), "machine-local init returned null");
            locals.put(key, v);
        }
        return (T) v;
    }

    /**
     * How many messages wait in the machine's inbox now (wake-ups, cross-machine messages, tasks): a
     * depth that keeps growing means the machine cannot keep up. Approximate while senders are busy.
     *
     * @return the inbox depth
     */
    public int inboxDepth() {
        return scheduler.inbox.size();
    }

    /**
     * The machine's statistics as of its last scheduler pass.
     *
     * @return a snapshot
     */
    public MachineStats stats() {
        return scheduler.stats();
    }

    @Override
    public String toString() {
        return "Machine[" + name + " #" + id + "]";
    }
}
