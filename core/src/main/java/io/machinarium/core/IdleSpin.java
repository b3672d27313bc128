package io.machinarium.core;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * When an idle machine polls for work before it sleeps, so that work sent to it meanwhile costs no
 * wake-up (an eventfd write by the sender, an epoll return and an OS thread switch: about 10–15 µs on a
 * small VM, which is the whole cost of a cross-machine request/reply).
 *
 * <p>Two policies: a fixed spin ({@link MachinariumConfig#idleSpin()}) before every sleep; or, by default,
 * an adaptive one ({@link MachinariumConfig#adaptiveSpin()}): a machine spins only after a short sleep — a
 * sign that work comes back quickly — and stops spinning after a spin that found nothing, until its next
 * short sleep. At most as many machines of one runtime spin at once as the JVM has processors, and none
 * where it has one, since a spinner there would hold the only processor from the thread about to send it
 * work. (Half the processors, as Go allows, left a two-machine exchange on two processors paying a
 * wake-up on every other hop: 17 µs a round trip against 4–8 µs with both spinning.)
 *
 * <p>The spin itself ({@link #foundWork}) looks at the inbox 32 times per clock read and at the sockets
 * every 5 µs, stops early for a timer that falls due, and, once it has spun 2 µs, calls {@link Thread#yield()} between
 * rounds of looks. On a host with more runnable threads than processors (a loaded two-core VM) the machine that
 * would send the work is often queued behind the spinner for the same processor: a spin that kept the
 * processor waited out its whole 50 µs before it slept and let the sender run, a 140–175 µs round trip
 * where yielding from the first round gives 8 µs (bench/README.md, issue #18). With nothing else
 * runnable the yield returns at once. Whether the last sleep was short is the machine's own state
 * ({@link Scheduler#spinPays}), kept by {@link #foundWork} and {@link #paysAfterSleep}.
 *
 * <p>Thread: one instance per runtime; every method from machine threads.
 */
final class IdleSpin {
    final long fixedNanos;
    final long adaptiveNanos;
    private final int maxSpinners;
    private final AtomicInteger spinners = new AtomicInteger();

    IdleSpin(MachinariumConfig config) {
        this.fixedNanos = config.idleSpin().toNanos();
        this.adaptiveNanos = config.idleSpin().isZero() ? config.adaptiveSpin().toNanos() : 0;
        int cpus = Runtime.getRuntime().availableProcessors();
        this.maxSpinners = cpus > 1 ? cpus : 0;
    }

    /** Spins before machine {@code s} sleeps, as the policy says; true if work turned up meanwhile. */
    boolean foundWork(Scheduler s) {
        if (fixedNanos > 0) {
            return spin(s, fixedNanos);
        }
        if (!s.spinPays || adaptiveNanos == 0 || s.isStopping() || !tryStart()) {
            return false;
        }
        try {
            s.spinPays = spin(s, adaptiveNanos);
            return s.spinPays;
        } finally {
            stop();
        }
    }

    /** Whether a sleep that lasted {@code sleptNanos} was short enough for the next spin to pay. */
    boolean paysAfterSleep(long sleptNanos) {
        return sleptNanos < 2 * adaptiveNanos;
    }

    /**
     * Polls the inbox (and, every few microseconds, the sockets) for up to {@code nanos} before the
     * machine sleeps; true if work turned up. Stops early for a timer that falls due.
     */
    /**
     * How long a spin keeps its processor before it yields between rounds of looks: work that turns up within
     * this (the common case on an idle host, where the sender runs on another processor) is taken without the
     * cost of a system call per round; past it the sender may well be queued behind this spinner.
     */
    private static final long YIELD_AFTER_NANOS = 2_000;

    private static boolean spin(Scheduler s, long nanos) {
        long start = System.nanoTime();
        long end = start + nanos;
        TimerHeap timers = s.timers;
        if (!timers.isEmpty() && timers.nextDeadline() - end < 0) {
            end = timers.nextDeadline();
        }
        Inbox inbox = s.inbox;
        long nextIo = start + 5_000;
        for (long now = start; now - end < 0; now = System.nanoTime()) {
            // the clock is read once per 32 looks at the inbox: on some VMs reading it costs more than a look
            for (int i = 0; i < 32; i++) {
                if (!inbox.isEmpty()) {
                    return true;
                }
                Thread.onSpinWait();
            }
            if (now - start >= YIELD_AFTER_NANOS) {
                // the thread that would send the work may be queued behind this one for this processor
                Thread.yield();
            }
            if (now - nextIo >= 0) {
                s.ioLoop.runNow();
                if (s.hasReady() || !inbox.isEmpty()) {
                    return true;
                }
                nextIo = now + 5_000;
            }
        }
        return false;
    }

    /** Claims one of the adaptive spinning places; false if they are all taken. */
    private boolean tryStart() {
        for (int n = spinners.get(); n < maxSpinners; n = spinners.get()) {
            if (spinners.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Gives a place claimed by {@link #tryStart()} back. */
    private void stop() {
        spinners.decrementAndGet();
    }
}
