package io.machinarium.micrometer;

import io.machinarium.core.Machinarium;
import io.machinarium.net.IoStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer meters of one runtime's IO contexts ({@link IoStats#of}): {@code machinarium.io.bytes}
 * (tag {@code direction}: read, written), {@code machinarium.io.open} (contexts open now),
 * {@code machinarium.io.opened} and {@code machinarium.io.errors}. Reading them never blocks. Needs the
 * {@code machinarium-net} artifact.
 *
 * @since 0.1.0
 */
public final class IoMetrics implements MeterBinder {
    private final IoStats stats;

    /**
     * Creates the binder.
     *
     * @param runtime the runtime whose IO contexts are counted
     */
    public IoMetrics(Machinarium runtime) {
        this.stats = IoStats.of(runtime);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("machinarium.io.bytes", stats, IoStats::bytesRead).tag("direction", "read")
                .baseUnit(BaseUnits.BYTES).description("bytes received by IO contexts").register(registry);
        FunctionCounter.builder("machinarium.io.bytes", stats, IoStats::bytesWritten).tag("direction", "written")
                .baseUnit(BaseUnits.BYTES).description("bytes written by IO contexts").register(registry);
        Gauge.builder("machinarium.io.open", stats, IoStats::open)
                .strongReference(true).description("IO contexts open now").register(registry);
        FunctionCounter.builder("machinarium.io.opened", stats, IoStats::opened)
                .description("IO contexts made, connected or accepted").register(registry);
        FunctionCounter.builder("machinarium.io.errors", stats, IoStats::errors)
                .description("connections that failed").register(registry);
    }
}
