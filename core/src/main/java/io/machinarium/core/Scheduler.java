package io.machinarium.core;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The loop of one machine thread: drain the inbox, fire due timers, run the ready coroutines in FIFO
 * order, then let Netty do IO and its tasks — blocking in epoll only when nothing is ready.
 *
 * <p>The loop's parts live in files of their own: the alive coroutines in {@link AliveList}, the clock in
 * {@link MachineClock}, the published counters in {@link SchedulerStats}, the poll before a sleep in
 * {@link IdleSpin}, the ids in {@link CoroutineIds}.
 *
 * <p>Everything here is machine-confined except {@link #post}, {@link #resume}, {@link #start} and the
 * published statistics. A coroutine is resumed exactly once per decided wait; the only way a resume
 * enters the ready queue from another thread is through the inbox, which is drained between coroutines,
 * so a wake-up can never catch a coroutine half-way through suspending.
 */
final class Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    /** While coroutines stay ready, IO is still polled at least this often. */
    private static final long IO_POLL_INTERVAL_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    private static final int INBOX_BATCH = 65_536;

    final Machine machine;
    final MachineThread thread;
    final MachineEventLoop ioLoop;
    final TimerHeap timers = new TimerHeap();
    final Inbox inbox;
    final MachineClock clock;
    final SchedulerStats stats = new SchedulerStats();
    final Completion<Void> terminated = new Completion<>();
    private final ArrayDeque<Coroutine> ready = new ArrayDeque<>(256);
    private final AliveList alive = new AliveList();
    private final CoroutineIds ids;
    private final IdleSpin spin;
    /** Adaptive spinning: whether the last sleep was short, so that spinning is likely to pay. */
    boolean spinPays;
    /** Whether the running coroutine's name is kept in the MDC. */
    private final boolean logContext;
    /** Whether each suspension first checks for held monitors ({@link MachinariumConfig#monitorCheck()}). */
    final boolean monitorCheck;

    volatile boolean acceptsWork = true;
    Coroutine current;
    /**
     * Why the last suspension of a coroutine of this machine was refused, or null; with whether a monitor
     * was the reason. Written and read on the machine thread, by {@link CoroutineContinuation} and the
     * refused coroutine right after the refusal: one pair per machine, not two fields per coroutine.
     */
    String refusal;
    boolean refusedForMonitor;

    private boolean stopping;
    /** Whether the machine ends by itself once its last coroutine has ended ({@link MachineLifetime}). */
    private final boolean endsWithLastCoroutine;
    /** Whether any coroutine was ever started here. */
    private boolean started;

    Scheduler(Machine machine, Transport transport, IdleSpin idleSpin, boolean virtualTime, boolean logContext,
              MachineLifetime lifetime) {
        this.logContext = logContext;
        this.monitorCheck = machine.runtime().config().monitorCheck();
        this.endsWithLastCoroutine = lifetime == MachineLifetime.UNTIL_LAST_COROUTINE_ENDS;
        this.machine = machine;
        this.spin = idleSpin;
        this.clock = new MachineClock(virtualTime);
        this.thread = new MachineThread(this, machine.name());
        this.ids = new CoroutineIds(thread);
        this.ioLoop = new MachineEventLoop(this, thread, transport.handlerFactory());
        this.inbox = new Inbox(ioLoop::wakeup);
    }

    // ---- any thread ----

    /** Queues a message (a coroutine to start or resume, or a task) for the machine thread. */
    void post(Object message) {
        inbox.offer(message);
    }

    /** Makes a coroutine whose wait was decided runnable again, from any thread. */
    void resume(Coroutine c) {
        if (Thread.currentThread() == thread) {
            makeReady(c);
        } else {
            post(c);
        }
    }

    /** Starts a new coroutine; runs after the coroutines already ready. */
    void start(Coroutine c) {
        if (Thread.currentThread() == thread) {
            register(c);
        } else {
            post(c);
        }
    }

    long newId() {
        return ids.next();
    }

    MachineStats stats() {
        return stats.snapshot(machine.name(), inbox.wakeUps());
    }

    /** The coroutine running now, for stall reports (a racy read). */
    Coroutine runningNow() {
        return current;
    }

    // ---- machine thread ----

    void makeReady(Coroutine c) {
        ready.addLast(c);
        if (c.runState == Coroutine.S_SUSPENDED || c.runState == Coroutine.S_RUNNING) {
            c.runState = Coroutine.S_READY;
        }
    }

    boolean hasReady() {
        return !ready.isEmpty();
    }

    boolean isStopping() {
        return stopping;
    }

    private void register(Coroutine c) {
        alive.add(c);
        started = true;
        if (stopping) {
            c.cancel();
        }
        ready.addLast(c);
    }

    /** Stop: refuse new work, cancel every coroutine, end the loop once none is left. */
    void beginStop() {
        stopping = true;
        alive.cancelAll();
    }

    /** How many coroutines are alive (spawned, not finished), the running one included. */
    int aliveCount() {
        return alive.size();
    }

    /** The oldest alive coroutine; the others follow through {@link Coroutine#nextAlive}. */
    Coroutine oldestAlive() {
        return alive.oldest();
    }

    void run() {
        MDC.put("machine", machine.name());
        try {
            loop();
        } catch (Throwable t) {
            LOG.error("machine '{}' stopped: its scheduler loop failed", machine.name(), t);
        } finally {
            acceptsWork = false;
            shutdownIo();
            publish();
            terminated.complete(null);
        }
    }

    private void loop() {
        long lastIo = System.nanoTime();
        for (;;) {
            long real = System.nanoTime();
            long now = clock.startPass(real);
            drainInbox();
            if (!timers.isEmpty()) {
                timers.fireDue(now);
            }
            runReady();
            publish();
            if (alive.size() == 0 && (stopping || endsWithLastCoroutine && started && inbox.isEmpty())) {
                return;  // a spawn that races this end is refused by shutdownIo's last drain
            }
            if (clock.isVirtual() && ready.isEmpty() && inbox.isEmpty() && !timers.isEmpty()) {
                // idle with a timer pending: let IO make work first, else jump the clock to the timer
                ioLoop.runNow();
                lastIo = System.nanoTime();
                if (ready.isEmpty() && inbox.isEmpty()) {
                    clock.jumpTo(timers.nextDeadline());
                }
                continue;
            }
            if (ready.isEmpty() && inbox.isEmpty() && spin.foundWork(this)) {
                lastIo = System.nanoTime();
                continue;
            }
            if (ready.isEmpty() && inbox.isEmpty()) {
                long wait = 0;  // 0: until IO or a wake-up
                if (!timers.isEmpty()) {
                    wait = timers.nextDeadline() - System.nanoTime();
                    if (wait <= 0) {
                        continue;
                    }
                }
                long parked = System.nanoTime();
                inbox.park();
                try {
                    ioLoop.run(wait);  // blocks only if the inbox is still empty: MachineEventLoop.canBlock
                } finally {
                    inbox.unpark();
                }
                lastIo = System.nanoTime();
                spinPays = spin.paysAfterSleep(lastIo - parked);
            } else if (real - lastIo >= IO_POLL_INTERVAL_NANOS) {
                ioLoop.runNow();
                lastIo = real;
            }
        }
    }

    private void drainInbox() {
        for (int i = 0; i < INBOX_BATCH; i++) {
            Object m = inbox.poll();
            if (m == null) {
                return;
            }
            if (m instanceof Coroutine c) {
                if (c.runState == Coroutine.S_NEW) {
                    register(c);
                } else {
                    makeReady(c);
                }
            } else {
                runTask((Runnable) m);
            }
        }
    }

    private void runTask(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            LOG.warn("a task on machine '{}' failed", machine.name(), t);
        }
    }

    /** Runs the coroutines that are ready now; those made ready meanwhile wait for the next pass. */
    private void runReady() {
        for (int n = ready.size(); n > 0; n--) {
            Coroutine c = ready.pollFirst();
            if (c.skipStrayResume()) {
                continue;
            }
            if (c.runState == Coroutine.S_DONE) {
                continue;
            }
            current = c;
            c.runState = Coroutine.S_RUNNING;
            stats.switched();
            boolean finished;
            if (logContext) {
                MDC.put("coroutine", c.name());
            }
            try {
                finished = c.cont.resume();
            } catch (Throwable t) {
                LOG.error("coroutine '{}' could not be resumed", c.name(), t);
                finished = true;
            }
            current = null;
            if (logContext) {
                MDC.remove("coroutine");
            }
            if (finished) {
                alive.remove(c);
                c.onFinished();
            } else if (c.runState == Coroutine.S_RUNNING) {
                c.runState = Coroutine.S_SUSPENDED;
            }
        }
    }

    private void publish() {
        stats.publish(alive.size(), ready.size());
    }

    private void shutdownIo() {
        ioLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        while (!ioLoop.isTerminated()) {
            ioLoop.runNow();
        }
        Object m;
        while ((m = inbox.poll()) != null || !inbox.isEmpty()) {
            if (m == null) {
                Thread.onSpinWait();
                continue;
            }
            if (m instanceof Runnable task) {
                runTask(task);
            } else if (m instanceof Coroutine c && c.runState == Coroutine.S_NEW) {
                c.rejectUnstarted();
            }
        }
    }
}
