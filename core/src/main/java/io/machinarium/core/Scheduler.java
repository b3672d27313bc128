package io.machinarium.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The loop of one machine thread: drain the inbox, fire due timers, run the ready coroutines in FIFO
 * order, then let Netty do IO and its tasks — blocking in epoll only when nothing is ready.
 *
 * <p>Everything here is machine-confined except {@link #post}, {@link #resume} and the published
 * statistics. A coroutine is resumed exactly once per decided wait; the only way a resume enters the
 * ready queue from another thread is through the inbox, which is drained between coroutines, so a
 * wake-up can never catch a coroutine half-way through suspending.
 */
final class Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    /** While coroutines stay ready, IO is still polled at least this often. */
    private static final long IO_POLL_INTERVAL_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    private static final int INBOX_BATCH = 65_536;
    private static final AtomicLong IDS = new AtomicLong(1);
    private static final int ID_BLOCK = 1024;
    private static final VarHandle LONG_ARRAY = MethodHandles.arrayElementVarHandle(long[].class);

    final Machine machine;
    final MachineThread thread;
    final MachineEventLoop ioLoop;
    final TimerHeap timers = new TimerHeap();
    final Inbox inbox;
    final Completion<Void> terminated = new Completion<>();
    private final ArrayDeque<Coroutine> ready = new ArrayDeque<>(256);
    private final IdleSpin spin;
    /** Adaptive spinning: whether the last sleep was short, so that spinning is likely to pay. */
    private boolean spinPays;
    /** Whether this machine runs on virtual time: {@link #virtualNanos} is its clock. */
    private final boolean virtual;
    /** Whether the running coroutine's name is kept in the MDC. */
    private final boolean logContext;
    /** The virtual clock: moves only when the idle machine jumps to its next timer. Written by the machine. */
    private volatile long virtualNanos = System.nanoTime();
    private final long virtualStart;

    volatile boolean acceptsWork = true;
    Coroutine current;
    long nowNanos = System.nanoTime();

    private boolean stopping;
    /** Whether the machine ends by itself once its last coroutine has ended ({@link MachineLifetime}). */
    private final boolean endsWithLastCoroutine;
    /** Whether any coroutine was ever started here. */
    private boolean started;
    /** Coroutines alive, oldest first. */
    private Coroutine aliveHead;
    private Coroutine aliveTail;
    private int alive;
    private long switches;
    private long idNext;
    private long idLimit;
    /** alive, ready, switches, passes — published with release stores, read with acquire loads. */
    private final long[] published = new long[4];
    /** switches, published at every resumption (the others only once per pass). */
    private final long[] progress = new long[1];
    private long passes;
    /** Written by the stall watchdog only. */
    volatile long stalls;

    Scheduler(Machine machine, Transport transport, IdleSpin idleSpin, boolean virtualTime, boolean logContext,
              MachineLifetime lifetime) {
        this.logContext = logContext;
        this.endsWithLastCoroutine = lifetime == MachineLifetime.UNTIL_LAST_COROUTINE_ENDS;
        this.machine = machine;
        this.spin = idleSpin;
        this.virtual = virtualTime;
        this.virtualStart = virtualNanos;
        this.thread = new MachineThread(this, machine.name());
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
        if (Thread.currentThread() != thread) {
            return IDS.getAndIncrement();
        }
        if (idNext == idLimit) {
            idNext = IDS.getAndAdd(ID_BLOCK);
            idLimit = idNext + ID_BLOCK;
        }
        return idNext++;
    }

    boolean isVirtual() {
        return virtual;
    }

    /** The clock of timers and deadlines: virtual or {@link System#nanoTime()}. */
    long clockNanos() {
        return virtual ? virtualNanos : System.nanoTime();
    }

    Duration virtualElapsed() {
        return Duration.ofNanos(virtualNanos - virtualStart);
    }

    MachineStats stats() {
        long a = (long) LONG_ARRAY.getAcquire(published, 0);
        long r = (long) LONG_ARRAY.getAcquire(published, 1);
        long s = (long) LONG_ARRAY.getAcquire(published, 2);
        return new MachineStats(machine.name(), (int) a, (int) r, (int) Math.max(0, a - r), s, inbox.wakeUps(),
                stalls);
    }

    /**
     * Progress made: passes plus coroutine switches. A number that stops moving while the machine is
     * not parked means one coroutine or task holds the thread.
     */
    long progress() {
        return (long) LONG_ARRAY.getAcquire(published, 3) + (long) LONG_ARRAY.getAcquire(progress, 0);
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

    private void register(Coroutine c) {
        c.prevAlive = aliveTail;
        if (aliveTail == null) {
            aliveHead = c;
        } else {
            aliveTail.nextAlive = c;
        }
        aliveTail = c;
        alive++;
        started = true;
        if (stopping) {
            c.cancel();
        }
        ready.addLast(c);
    }

    private void unregister(Coroutine c) {
        if (c.prevAlive == null) {
            aliveHead = c.nextAlive;
        } else {
            c.prevAlive.nextAlive = c.nextAlive;
        }
        if (c.nextAlive == null) {
            aliveTail = c.prevAlive;
        } else {
            c.nextAlive.prevAlive = c.prevAlive;
        }
        c.prevAlive = c.nextAlive = null;
        alive--;
    }

    /** Stop: refuse new work, cancel every coroutine, end the loop once none is left. */
    void beginStop() {
        stopping = true;
        for (Coroutine c = aliveHead; c != null; c = c.nextAlive) {
            c.cancel();
        }
    }

    /** How many coroutines are alive (spawned, not finished), the running one included. */
    int aliveCount() {
        return alive;
    }

    /** The oldest alive coroutine; the others follow through {@link Coroutine#nextAlive}. */
    Coroutine oldestAlive() {
        return aliveHead;
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
            long now = virtual ? virtualNanos : real;
            nowNanos = now;
            drainInbox();
            if (!timers.isEmpty()) {
                timers.fireDue(now);
            }
            runReady();
            publish();
            if (alive == 0 && (stopping || endsWithLastCoroutine && started && inbox.isEmpty())) {
                return;  // a spawn that races this end is refused by shutdownIo's last drain
            }
            if (virtual && ready.isEmpty() && inbox.isEmpty() && !timers.isEmpty()) {
                // idle with a timer pending: let IO make work first, else jump the clock to the timer
                ioLoop.runNow();
                lastIo = System.nanoTime();
                if (ready.isEmpty() && inbox.isEmpty() && timers.nextDeadline() - virtualNanos > 0) {
                    virtualNanos = timers.nextDeadline();
                }
                continue;
            }
            if (ready.isEmpty() && inbox.isEmpty() && spinFoundWork()) {
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
                spinPays = lastIo - parked < 2 * spin.adaptiveNanos;
            } else if (real - lastIo >= IO_POLL_INTERVAL_NANOS) {
                ioLoop.runNow();
                lastIo = real;
            }
        }
    }

    /** Spins before sleeping as {@link IdleSpin} says; true if work turned up meanwhile. */
    private boolean spinFoundWork() {
        if (spin.fixedNanos > 0) {
            return spinForWork(spin.fixedNanos);
        }
        if (!spinPays || spin.adaptiveNanos == 0 || stopping || !spin.tryStart()) {
            return false;
        }
        try {
            spinPays = spinForWork(spin.adaptiveNanos);
            return spinPays;
        } finally {
            spin.stop();
        }
    }

    /**
     * Polls the inbox (and, every few microseconds, the sockets) for up to {@code nanos} before the
     * machine sleeps; true if work turned up. Stops early for a timer that falls due.
     */
    private boolean spinForWork(long nanos) {
        long start = System.nanoTime();
        long end = start + nanos;
        if (!timers.isEmpty() && timers.nextDeadline() - end < 0) {
            end = timers.nextDeadline();
        }
        long nextIo = start + 5_000;
        for (long now = start; now - end < 0; now = System.nanoTime()) {
            // the clock is read once per 32 looks at the inbox: on some VMs reading it costs more than a look
            for (int i = 0; i < 32; i++) {
                if (!inbox.isEmpty()) {
                    return true;
                }
                Thread.onSpinWait();
            }
            if (now - nextIo >= 0) {
                ioLoop.runNow();
                if (!ready.isEmpty() || !inbox.isEmpty()) {
                    return true;
                }
                nextIo = now + 5_000;
            }
        }
        return false;
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
            if (c.strayResumes > 0) {
                c.strayResumes--;
                continue;
            }
            if (c.runState == Coroutine.S_DONE) {
                continue;
            }
            current = c;
            c.runState = Coroutine.S_RUNNING;
            LONG_ARRAY.setRelease(progress, 0, ++switches);  // a plain store on x86; read by the stall watchdog
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
                unregister(c);
                c.onFinished();
            } else if (c.runState == Coroutine.S_RUNNING) {
                c.runState = Coroutine.S_SUSPENDED;
            }
        }
    }

    private void publish() {
        LONG_ARRAY.setRelease(published, 0, (long) alive);
        LONG_ARRAY.setRelease(published, 1, (long) ready.size());
        LONG_ARRAY.setRelease(published, 2, switches);
        LONG_ARRAY.setRelease(published, 3, ++passes);
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
