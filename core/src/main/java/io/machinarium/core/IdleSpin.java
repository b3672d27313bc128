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
 * <p>Thread: one instance per runtime; {@link #tryStart()} and {@link #stop()} from machine threads.
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

    /** Claims one of the adaptive spinning places; false if they are all taken. */
    boolean tryStart() {
        for (int n = spinners.get(); n < maxSpinners; n = spinners.get()) {
            if (spinners.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Gives a place claimed by {@link #tryStart()} back. */
    void stop() {
        spinners.decrementAndGet();
    }
}
