package io.machinarium.micrometer;

import io.machinarium.core.Machinarium;
import io.machinarium.core.Machine;
import io.machinarium.core.RejectedException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Micrometer meters of each machine of a runtime, tagged {@code machine}:
 * {@code machinarium.coroutines} (tag {@code state}: alive, ready, waiting),
 * {@code machinarium.inbox.depth}, {@code machinarium.loop.lag} (how long a task posted to the machine
 * waited before it ran, probed at each read of the meter), and the counters {@code machinarium.switches},
 * {@code machinarium.wakeups} and {@code machinarium.stalls}.
 *
 * <pre>{@code
 * new MachineMetrics(runtime).bindTo(registry);
 * }</pre>
 *
 * <p>Reading the meters never blocks and touches no machine-confined state: they read the statistics
 * each machine publishes per scheduler pass. Bind after the runtime has started its machines; machines
 * started later are not covered.
 *
 * @since 0.1.0
 */
public final class MachineMetrics implements MeterBinder {
    private final Machinarium runtime;

    /**
     * Creates the binder.
     *
     * @param runtime the runtime whose machines to measure
     */
    public MachineMetrics(Machinarium runtime) {
        this.runtime = runtime;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Machine m : runtime.machines()) {
            Tags tags = Tags.of("machine", m.name());
            Gauge.builder("machinarium.coroutines", m, x -> x.stats().coroutines()).tags(tags).tag("state", "alive")
                    .description("coroutines alive on the machine").register(registry);
            Gauge.builder("machinarium.coroutines", m, x -> x.stats().ready()).tags(tags).tag("state", "ready")
                    .description("coroutines ready to run").register(registry);
            Gauge.builder("machinarium.coroutines", m, x -> x.stats().waiting()).tags(tags).tag("state", "waiting")
                    .description("coroutines blocked in a call").register(registry);
            Gauge.builder("machinarium.inbox.depth", m, Machine::inboxDepth).tags(tags)
                    .description("messages waiting in the machine's inbox").register(registry);
            LagProbe probe = new LagProbe(m);
            TimeGauge.builder("machinarium.loop.lag", probe, TimeUnit.NANOSECONDS, LagProbe::read).tags(tags)
                    .strongReference(true)  // only the meter holds the probe; a weak reference would read NaN after a GC
                    .description("how long the last probe task waited for the machine").register(registry);
            FunctionCounter.builder("machinarium.switches", m, x -> x.stats().switches()).tags(tags)
                    .description("coroutine resumptions").register(registry);
            FunctionCounter.builder("machinarium.wakeups", m, x -> x.stats().wakeUps()).tags(tags)
                    .description("times a sender had to wake the sleeping machine").register(registry);
            FunctionCounter.builder("machinarium.stalls", m, x -> x.stats().stalls()).tags(tags)
                    .description("times a coroutine held the machine past the stall threshold").register(registry);
        }
    }

    /** Posts a timestamped task at each read and reports how long the previous one waited. */
    private static final class LagProbe {
        private final Machine machine;
        private final AtomicLong lastLag = new AtomicLong();
        private final AtomicLong pending = new AtomicLong();

        LagProbe(Machine machine) {
            this.machine = machine;
        }

        double read() {
            long sent = System.nanoTime();
            if (pending.compareAndSet(0, sent)) {
                try {
                    machine.execute(() -> {
                        lastLag.set(System.nanoTime() - sent);
                        pending.set(0);
                    });
                } catch (RejectedException e) {
                    pending.set(0);
                }
            } else {
                // the previous probe has not run yet: the lag is at least its age
                long since = pending.get();
                if (since != 0) {
                    lastLag.accumulateAndGet(System.nanoTime() - since, Math::max);
                }
            }
            return lastLag.get();
        }
    }
}
