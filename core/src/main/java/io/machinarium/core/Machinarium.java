package io.machinarium.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime: a set of {@link Machine}s, the offload pool for blocking calls, and the configuration
 * shared by the modules built on it. Start one per program (or per test), close it at the end.
 *
 * <pre>{@code
 * try (Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(2).build())) {
 *     Coroutine hello = rt.machine(0).spawn(() -> System.out.println("hello"));
 *     hello.join();
 * }
 * }</pre>
 *
 * <p>The program's end: machine threads (and the offload pool's) are daemon threads, so they never keep
 * the JVM alive — when {@code main} returns, the program ends at once, with whatever its coroutines were
 * doing cut off. A program whose work runs on machines (a server) blocks its main thread until the work is
 * over: {@link #awaitTermination(Duration)} returns once every machine has ended (something stopped them
 * or closed the runtime), or join the coroutines that matter.
 *
 * <pre>{@code
 * Machinarium rt = Machinarium.start();
 * rt.machine(0).spawn("server", () -> serve(listener));   // a coroutine that stops the machines when done
 * rt.awaitTermination(null);                                // without this, main returning ends it all
 * rt.close();
 * }</pre>
 *
 * <p>A coroutine's failure that nobody joins goes to the configured {@link UncaughtFailureHandler} (by
 * default an ERROR log line).
 *
 * <p>Thread safety: every method may be called from any thread; {@link #close()} and
 * {@link #awaitTermination} must not be called from one of the runtime's own machines.
 *
 * @since 0.1.0
 */
public final class Machinarium implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Machinarium.class);

    private final MachinariumConfig config;
    private final List<Machine> configured;
    private final CopyOnWriteArrayList<Machine> all = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextMachineId = new AtomicInteger();
    private final IdleSpin idleSpin;
    /** Chosen once (a fallback to NIO is logged once per runtime); every machine, also a late one, uses it. */
    private final Transport transport;
    private final AtomicBoolean closed = new AtomicBoolean();
    final ThreadPoolExecutor offloadPool;
    private final StallWatchdog watchdog;
    /** State the modules above core keep per runtime (IO counters, resolver caches), never per JVM. */
    private final java.util.concurrent.ConcurrentHashMap<Object, Object> locals = new java.util.concurrent.ConcurrentHashMap<>();

    private Machinarium(MachinariumConfig config) {
        this.config = config;
        this.idleSpin = new IdleSpin(config);
        this.transport = TransportChoice.forRuntime(config.transport());
        BlockingQueue<Runnable> queue = config.offloadQueue() == 0
                ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(config.offloadQueue());
        AtomicInteger threadNo = new AtomicInteger();
        this.offloadPool = new ThreadPoolExecutor(config.offloadThreads(), config.offloadThreads(), 30,
                TimeUnit.SECONDS, queue, r -> {
                    Thread t = new Thread(r, "machinarium-offload-" + threadNo.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        offloadPool.allowCoreThreadTimeOut(true);
        List<Machine> list = new ArrayList<>();
        for (int i = 0; i < config.machines(); i++) {
            list.add(newMachine(config.machineName(i), MachineLifetime.UNTIL_STOPPED));
        }
        this.configured = List.copyOf(list);
        if (config.stallThreshold().isZero()) {
            watchdog = null;
        } else {
            watchdog = new StallWatchdog(this, config.stallThreshold());
            watchdog.start();
        }
    }

    /**
     * Starts a runtime with {@link MachinariumConfig#defaults()}.
     *
     * @return the running runtime
     * @throws MisuseException if the JVM cannot run coroutines (JDK older than 21, or started without
     *     {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} on the class path,
     *     {@code --add-exports java.base/jdk.internal.vm=io.machinarium.core} on the module path)
     */
    public static Machinarium start() {
        return start(MachinariumConfig.defaults());
    }

    /**
     * Starts a runtime: its configured machines are running when this returns.
     *
     * @param config the configuration
     * @return the running runtime
     * @throws MisuseException if the JVM cannot run coroutines (JDK older than 21, or started without
     *     {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} on the class path,
     *     {@code --add-exports java.base/jdk.internal.vm=io.machinarium.core} on the module path), or the
     *     configuration asks for the
     *     monitor check on a JVM that cannot tell which monitors a thread holds
     */
    public static Machinarium start(MachinariumConfig config) {
        JvmSupport.requireContinuations();
        if (config.monitorCheck() && !MonitorCheck.available()) {
            throw new MisuseException("MachinariumConfig.monitorCheck needs a JVM that can tell which monitors a "
                    + "thread holds (java.management with object monitor usage); this one cannot: turn the check off.");
        }
        return new Machinarium(config);
    }

    private Machine newMachine(String name, MachineLifetime lifetime) {
        if (closed.get()) {
            throw new RejectedException("the runtime is closed; it starts no new machine");
        }
        Machine m = new Machine(this, nextMachineId.getAndIncrement(), name, transport, idleSpin,
                config.virtualTime(), config.logContext(), lifetime);
        all.add(m);
        m.startThread();
        return m;
    }

    /**
     * Starts one more machine whose first coroutine is {@code main}. The machine keeps running after
     * {@code main} returns, until {@link Machine#stop()} or {@link #close()}
     * ({@link MachineLifetime#UNTIL_STOPPED}).
     *
     * @param name the machine's (and its thread's) name
     * @param main the body of its first coroutine, named "main"; null for none
     * @return the running machine
     * @throws RejectedException if the runtime is closed
     */
    public Machine startMachine(String name, Runnable main) {
        return startMachine(name, main, MachineLifetime.UNTIL_STOPPED);
    }

    /**
     * Starts one more machine whose first coroutine is {@code main}, ending as {@code lifetime} says.
     * With {@link MachineLifetime#UNTIL_LAST_COROUTINE_ENDS} this is machinarium's {@code machine_create}:
     * the machine ends by itself once {@code main} and every coroutine spawned on it have ended;
     * {@link Machine#await} returns then, and {@link #close()} still stops it earlier.
     *
     * <pre>{@code
     * Machine job = rt.startMachine("import", () -> importAll(files), MachineLifetime.UNTIL_LAST_COROUTINE_ENDS);
     * job.await(null);                       // returns when the import and its helpers are done
     * }</pre>
     *
     * @param name the machine's (and its thread's) name
     * @param main the body of its first coroutine, named "main"; null for none (only with
     *     {@link MachineLifetime#UNTIL_STOPPED}: a machine that ends with its coroutines needs a first one)
     * @param lifetime when the machine ends
     * @return the running machine
     * @throws RejectedException if the runtime is closed
     * @throws IllegalArgumentException if {@code main} is null with {@link MachineLifetime#UNTIL_LAST_COROUTINE_ENDS}
     */
    public Machine startMachine(String name, Runnable main, MachineLifetime lifetime) {
        Objects.requireNonNull(lifetime, "lifetime");
        if (main == null && lifetime == MachineLifetime.UNTIL_LAST_COROUTINE_ENDS) {
            throw new IllegalArgumentException("machine '" + name + "' is to end with its last coroutine, so it "
                    + "needs a first one: pass a main body");
        }
        Machine m = newMachine(name, lifetime);
        if (main != null) {
            m.spawn("main", main);
        }
        return m;
    }

    /**
     * The configuration this runtime was started with.
     *
     * @return the configuration
     */
    public MachinariumConfig config() {
        return config;
    }

    /**
     * Returns this runtime's singleton for {@code key}, creating it with {@code init} on first use: where
     * modules above core keep state that belongs to one runtime — IO counters, resolver caches — so that two
     * runtimes in one process share none. Lives as long as the runtime. Any thread; never blocks (unless
     * {@code init} does, which it must not); {@code init} runs at most once per key.
     *
     * @param key identifies the singleton; compared with {@code equals}
     * @param init makes the value the first time; must not return null
     * @param <T> the value's type
     * @return the value stored for {@code key}
     * @throws NullPointerException if {@code init} returns null
     */
    @SuppressWarnings("unchecked")
    public <T> T local(Object key, java.util.function.Supplier<T> init) {
        return (T) locals.computeIfAbsent(key, k -> java.util.Objects.requireNonNull(init.get(),
                "runtime-local init returned null"));
    }

    /**
     * One of the machines started with the runtime.
     *
     * @param index from 0 to {@code config().machines() - 1}
     * @return the machine
     * @throws IndexOutOfBoundsException if there is no such configured machine
     */
    public Machine machine(int index) {
        return configured.get(index);
    }

    /**
     * Every machine of the runtime, configured or started later, including stopped ones.
     *
     * @return an immutable snapshot
     */
    public List<Machine> machines() {
        return List.copyOf(all);
    }

    /**
     * Lists every coroutine of every machine: id, name, machine, state, what it waits on and its whole
     * stack. Each machine takes its part on its own thread in slices of a hundred coroutines, running its
     * other coroutines and IO between two slices, so a large dump delays a machine's work but never stalls
     * it. A machine held by a coroutine that does not yield is reported as one entry named after the
     * machine, with the stack of its thread. Blocks the caller (a coroutine suspends) until every part is
     * in.
     *
     * @param timeout how long to wait for each answer (slice) of a machine
     * @return the coroutines, machine by machine, oldest first
     * @throws CancelledException if the caller is cancelled while waiting
     */
    public List<CoroutineInfo> coroutines(Duration timeout) {
        List<CoroutineInfo> out = new ArrayList<>();
        CoroutineDump.take(List.copyOf(all), timeout, DumpLimits.NONE, new CoroutineDump.Sink() {
            @Override
            public void entries(List<CoroutineInfo> entries) {
                out.addAll(entries);
            }

            @Override
            public void omitted(Machine machine, int count) {
                // DumpLimits.NONE omits nothing
            }
        });
        return out;
    }

    /**
     * The coroutine dump as text, one entry per coroutine like a thread dump, within
     * {@link DumpLimits#DEFAULT}. See {@link #dump(Duration, DumpLimits, Consumer)}.
     *
     * @param timeout how long to wait for each answer (slice) of a machine
     * @return the formatted dump
     * @throws CancelledException if the caller is cancelled while waiting
     */
    public String dump(Duration timeout) {
        StringBuilder b = new StringBuilder();
        dump(timeout, DumpLimits.DEFAULT, b::append);
        return b.toString();
    }

    /**
     * Streams the coroutine dump as text to {@code out} as it comes, machine by machine: for each slice of
     * up to a hundred coroutines one piece of text holding their entries (see {@link CoroutineInfo#format()}),
     * and after a machine's last slice, if {@code limits} left coroutines out, one line
     * {@code "… N more coroutines on machine 'name' (the dump lists M per machine)"}. A machine takes the
     * next slice only after {@code out} has returned from the previous one, and runs its other coroutines
     * and IO between two slices, so neither a large dump nor a slow reader of it stalls a machine. A
     * machine that does not answer within {@code timeout} is one entry with its thread's stack.
     *
     * <pre>{@code
     * rt.dump(Duration.ofSeconds(2), DumpLimits.DEFAULT, text -> io.write(text.getBytes(UTF_8)));
     * }</pre>
     *
     * @param timeout how long to wait for each answer (slice) of a machine
     * @param limits how many coroutines per machine and frames per stack are listed
     * @param out receives the text on the caller's thread; it may block (a coroutine may write to a
     *     socket); an exception it throws ends the dump and is thrown to the caller
     * @throws CancelledException if the caller is cancelled while waiting
     */
    public void dump(Duration timeout, DumpLimits limits, Consumer<String> out) {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(out, "out");
        CoroutineDump.take(List.copyOf(all), timeout, limits, new CoroutineDump.Sink() {
            @Override
            public void entries(List<CoroutineInfo> entries) {
                StringBuilder b = new StringBuilder();
                for (CoroutineInfo i : entries) {
                    b.append(i.format()).append('\n');
                }
                out.accept(b.toString());
            }

            @Override
            public void omitted(Machine machine, int count) {
                out.accept("… " + count + " more coroutines on machine '" + machine.name() + "' (the dump lists "
                        + limits.maxCoroutinesPerMachine() + " per machine)\n\n");
            }
        });
    }

    /**
     * Stops every machine (cancelling their coroutines), waits up to the configured shutdown timeout for
     * them to end, and stops the offload pool (interrupting calls still running). Closing twice does
     * nothing.
     *
     * @throws MisuseException if called from one of this runtime's machines
     */
    @Override
    public void close() {
        Machine self = Machine.current();
        if (self != null && self.runtime() == this) {
            throw new MisuseException("a runtime cannot be closed from its own machine '" + self.name()
                    + "'; stop the machine or close the runtime from another thread.");
        }
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Machine m : all) {
            m.stop();
        }
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
        for (Machine m : all) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!m.await(Duration.ofNanos(left))) {
                LOG.warn("machine '{}' did not stop within {}; {}", m.name(), config.shutdownTimeout(),
                        MonitorCheck.describeStuck(m.scheduler.thread));
            }
        }
        offloadPool.shutdownNow();
        if (watchdog != null) {
            watchdog.stop();
        }
    }

    /**
     * Blocks until every machine of the runtime has ended: stopped ({@link Machine#stop()}, {@link #close()}),
     * or ended with its last coroutine ({@link MachineLifetime#UNTIL_LAST_COROUTINE_ENDS}); machines started
     * meanwhile are waited for too. What keeps a program alive while its machines work, since their threads
     * are daemon threads (see the class comment). It stops nothing; the offload pool keeps running until
     * {@link #close()}. A coroutine of another runtime suspends, a plain thread parks.
     *
     * @param timeout how long to wait at most; null waits forever
     * @return true if every machine has ended, false if one was still running when the timeout passed
     * @throws CancelledException if the caller is cancelled (or its thread interrupted) while it waits
     * @throws MisuseException if called from one of this runtime's machines, which would wait for itself
     */
    public boolean awaitTermination(Duration timeout) {
        Machine self = Machine.current();
        if (self != null && self.runtime() == this) {
            throw new MisuseException("awaitTermination was called on machine '" + self.name() + "' of the "
                    + "runtime it waits for, which would wait for its own end; call it from main or another thread.");
        }
        long deadline = Blocker.deadline(timeout);
        for (;;) {
            List<Machine> snapshot = List.copyOf(all);
            for (Machine m : snapshot) {
                Duration left = deadline == Blocker.NO_DEADLINE ? null
                        : Duration.ofNanos(Math.max(0, deadline - Blocker.now()));
                if (!m.await(left)) {
                    return false;
                }
            }
            if (all.size() == snapshot.size()) {
                return true;  // a machine started meanwhile is waited for in the next round
            }
        }
    }

    /** The stall watchdog's rounds of checks so far, for tests; 0 when stall detection is off. */
    long stallCheckRounds() {
        return watchdog == null ? 0 : watchdog.rounds();
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed.get();
    }
}
