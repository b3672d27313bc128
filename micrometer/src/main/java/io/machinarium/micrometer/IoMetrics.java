package io.machinarium.micrometer;

import io.machinarium.net.IoStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer meters of the process's IO contexts ({@link IoStats}): {@code machinarium.io.bytes}
 * (tag {@code direction}: read, written), {@code machinarium.io.open} (contexts open now),
 * {@code machinarium.io.opened} and {@code machinarium.io.errors}. Reading them never blocks. Needs the
 * {@code machinarium-net} artifact.
 */
public final class IoMetrics implements MeterBinder {
    /** The meters' state object: static, so it outlives the binder (meters hold it weakly). */
    private static final Object COUNTERS = new Object();

    /** Creates the binder; the counters it reads are process-wide. */
    public IoMetrics() {
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("machinarium.io.bytes", COUNTERS, x -> IoStats.bytesRead()).tag("direction", "read")
                .baseUnit(BaseUnits.BYTES).description("bytes received by IO contexts").register(registry);
        FunctionCounter.builder("machinarium.io.bytes", COUNTERS, x -> IoStats.bytesWritten()).tag("direction", "written")
                .baseUnit(BaseUnits.BYTES).description("bytes written by IO contexts").register(registry);
        Gauge.builder("machinarium.io.open", COUNTERS, x -> IoStats.open())
                .description("IO contexts open now").register(registry);
        FunctionCounter.builder("machinarium.io.opened", COUNTERS, x -> IoStats.opened())
                .description("IO contexts made, connected or accepted").register(registry);
        FunctionCounter.builder("machinarium.io.errors", COUNTERS, x -> IoStats.errors())
                .description("connections that failed").register(registry);
    }
}
