package io.machinarium.core;

import java.time.Duration;
import java.util.List;

/**
 * How a {@link Machinarium} runtime is set up. Immutable; build one with {@link #builder()}.
 *
 * <pre>{@code
 * MachinariumConfig config = MachinariumConfig.builder()
 *         .machines(4).machineNames("acceptor", "worker-1", "worker-2", "worker-3")
 *         .offloadThreads(16)
 *         .build();
 * }</pre>
 *
 * @param machines how many machines start with the runtime (at least 0)
 * @param machineNames names for those machines, in order; missing ones are {@code machine-<index>}
 * @param offloadThreads platform threads of the offload pool ({@link Offload})
 * @param offloadQueue offloaded calls that may wait for a free thread before {@link Offload#call}
 *     rejects new ones
 * @param transport the IO transport of every machine
 * @param shutdownTimeout how long {@link Machinarium#close()} waits for machines to stop
 * @param stallThreshold how long a coroutine may hold its machine's thread before the stall is logged
 *     with the thread's stack and counted in {@link MachineStats#stalls()}; zero turns detection off
 * @param idleSpin how long a machine that ran out of work keeps polling its inbox and sockets before it
 *     sleeps in epoll: work sent to it meanwhile costs no wake-up (a system call and an OS thread switch),
 *     at the price of CPU; zero (the default) sleeps at once
 * @param adaptiveSpin the most a machine polls before it sleeps when its last sleep was short — work from
 *     other machines came back quickly, as in a request/reply exchange — so that the next message needs no
 *     wake-up; a machine whose sleeps are long never spins, a spin that finds nothing stops until the next
 *     short sleep, and no more machines spin at once than the JVM has processors (none if it has one);
 *     default 50 µs, zero turns it off; unused when {@code idleSpin} is set
 * @param virtualTime whether the runtime runs on virtual time, for tests: its one machine's clock stands
 *     still while coroutines run and jumps to the next timer whenever the machine has nothing else to do, so
 *     sleeps, timeouts and timers of any length pass at once and in a deterministic order (see
 *     {@link Builder#virtualTime(boolean)})
 * @param logContext whether each machine keeps the running coroutine's name in the SLF4J MDC under
 *     {@code coroutine} (the machine's name is always there under {@code machine}), so log patterns can
 *     show it; off by default because it costs an MDC update per coroutine switch
 * @param uncaughtFailureHandler what is done with a coroutine failure that nobody joins (see
 *     {@link UncaughtFailureHandler}); default {@link UncaughtFailureHandler#logging()}
 * @param monitorCheck whether every suspension first asks the JVM if the machine thread holds a monitor, so
 *     that a coroutine suspending inside {@code synchronized} fails with {@link MisuseException} instead of
 *     deadlocking its machine (see {@link Builder#monitorCheck(boolean)}); off by default: each check is a
 *     JVM safepoint (about 60 µs measured here), for tests and debugging
 * @since 0.1.0
 */
public record MachinariumConfig(int machines, List<String> machineNames, int offloadThreads, int offloadQueue,
                                Transport transport, Duration shutdownTimeout,
                                Duration stallThreshold, Duration idleSpin, Duration adaptiveSpin,
                                boolean virtualTime, boolean logContext,
                                UncaughtFailureHandler uncaughtFailureHandler, boolean monitorCheck) {
    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if a count is negative, a duration missing or negative, or the handler
     *     missing
     */
    public MachinariumConfig {
        if (machines < 0 || offloadThreads < 1 || offloadQueue < 0) {
            throw new IllegalArgumentException("machines must be >= 0, offloadThreads >= 1 and offloadQueue >= 0");
        }
        if (shutdownTimeout == null || shutdownTimeout.isNegative()
                || stallThreshold == null || stallThreshold.isNegative() || idleSpin == null || idleSpin.isNegative()
                || adaptiveSpin == null || adaptiveSpin.isNegative()) {
            throw new IllegalArgumentException("shutdownTimeout, stallThreshold, idleSpin and "
                    + "adaptiveSpin must be non-negative durations");
        }
        machineNames = List.copyOf(machineNames);
        if (virtualTime && machines != 1) {
            throw new IllegalArgumentException("a runtime on virtual time has exactly one machine, not " + machines);
        }
        if (transport == null) {
            throw new IllegalArgumentException("transport must not be null");
        }
        if (uncaughtFailureHandler == null) {
            throw new IllegalArgumentException("uncaughtFailureHandler must not be null; "
                    + "UncaughtFailureHandler.logging() is the default");
        }
    }

    /**
     * The configuration as it was before the uncaught-failure handler and the monitor check existed: the
     * logging handler, no monitor check.
     *
     * @param machines how many machines start with the runtime
     * @param machineNames names for those machines
     * @param offloadThreads platform threads of the offload pool
     * @param offloadQueue offloaded calls that may wait for a free thread
     * @param transport the IO transport of every machine
     * @param shutdownTimeout how long close waits for machines to stop
     * @param stallThreshold how long a machine may be held before the stall is logged; zero: off
     * @param idleSpin how long an idle machine polls before it sleeps
     * @param adaptiveSpin the most an idle machine polls after a short sleep
     * @param virtualTime whether the runtime runs on virtual time
     * @param logContext whether the running coroutine's name is kept in the MDC
     * @throws IllegalArgumentException if a value is out of range
     * @deprecated use {@link #builder()}, which sets every component
     */
    @Deprecated
    public MachinariumConfig(int machines, List<String> machineNames, int offloadThreads, int offloadQueue,
                             Transport transport, Duration shutdownTimeout, Duration stallThreshold, Duration idleSpin,
                             Duration adaptiveSpin, boolean virtualTime, boolean logContext) {
        this(machines, machineNames, offloadThreads, offloadQueue, transport, shutdownTimeout, stallThreshold,
                idleSpin, adaptiveSpin, virtualTime, logContext, UncaughtFailureHandler.logging(), false);
    }

    /**
     * The defaults: one machine per processor, an offload pool of 8 threads with a queue of 10,000
     * calls, a DNS cache of 30 s, the AUTO transport, a 5 s shutdown timeout and stalls reported after
     * 1 s.
     *
     * @return the default configuration
     */
    public static MachinariumConfig defaults() {
        return builder().build();
    }

    /**
     * A builder preset with the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The name of configured machine {@code index}.
     *
     * @param index the machine's index
     * @return its configured name or {@code machine-<index>}
     */
    public String machineName(int index) {
        return index < machineNames.size() ? machineNames.get(index) : "machine-" + index;
    }

    /**
     * Builds a {@link MachinariumConfig}; not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private int machines = Runtime.getRuntime().availableProcessors();
        private List<String> machineNames = List.of();
        private int offloadThreads = 8;
        private int offloadQueue = 10_000;
        private Transport transport = Transport.AUTO;
        private Duration shutdownTimeout = Duration.ofSeconds(5);
        private Duration stallThreshold = Duration.ofSeconds(1);
        private Duration idleSpin = Duration.ZERO;
        private Duration adaptiveSpin = Duration.ofNanos(50_000);
        private boolean virtualTime;
        private boolean logContext;
        private UncaughtFailureHandler uncaughtFailureHandler = UncaughtFailureHandler.logging();
        private boolean monitorCheck;

        private Builder() {
        }

        /**
         * Sets how many machines start with the runtime (default: one per processor).
         *
         * @param n machines started with the runtime
         * @return this builder
         */
        public Builder machines(int n) {
            this.machines = n;
            return this;
        }

        /**
         * Names the configured machines, in order; machines without a name are {@code machine-<index>}.
         *
         * @param names names of the configured machines, in order
         * @return this builder
         */
        public Builder machineNames(String... names) {
            this.machineNames = List.of(names);
            return this;
        }

        /**
         * Sets the number of platform threads of the offload pool (default 8).
         *
         * @param n threads of the offload pool
         * @return this builder
         */
        public Builder offloadThreads(int n) {
            this.offloadThreads = n;
            return this;
        }

        /**
         * Sets how many offloaded calls may wait for a free thread (default 10,000).
         *
         * @param n offloaded calls that may queue for a thread
         * @return this builder
         */
        public Builder offloadQueue(int n) {
            this.offloadQueue = n;
            return this;
        }

        /**
         * Sets the IO transport of every machine (default {@link Transport#AUTO}).
         *
         * @param t the IO transport of every machine
         * @return this builder
         */
        public Builder transport(Transport t) {
            this.transport = t;
            return this;
        }

        /**
         * Sets how long {@link Machinarium#close()} waits for the machines to stop (default 5 s).
         *
         * @param timeout how long close() waits for machines to stop
         * @return this builder
         */
        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = timeout;
            return this;
        }

        /**
         * Sets how long a coroutine may hold its machine before the stall is logged (default 1 s).
         *
         * @param threshold how long a machine may be held before the stall is logged; zero: off
         * @return this builder
         */
        public Builder stallThreshold(Duration threshold) {
            this.stallThreshold = threshold;
            return this;
        }

        /**
         * Sets how long an idle machine keeps polling before it sleeps (default zero).
         *
         * @param spin how long an idle machine polls before sleeping; zero: sleep at once
         * @return this builder
         */
        public Builder idleSpin(Duration spin) {
            this.idleSpin = spin;
            return this;
        }

        /**
         * Sets the most an idle machine polls before sleeping when its last sleep was short (default 50 µs;
         * see {@link MachinariumConfig#adaptiveSpin()}).
         *
         * @param max the longest spin; zero: never spin unless {@link #idleSpin(Duration)} says so
         * @return this builder
         */
        public Builder adaptiveSpin(Duration max) {
            this.adaptiveSpin = max;
            return this;
        }

        /**
         * Runs the runtime on virtual time, for tests (like a paused clock): one machine whose clock does not
         * move while coroutines run and jumps straight to the next timer whenever the machine is idle, so a
         * test of a 30-second timeout takes milliseconds and timers fire in deadline order every run. IO
         * still happens in real time; a timer jumps ahead while IO is in flight, so keep real sockets out of
         * such tests or give them no timeout. Plain threads (a test's main thread) keep real time.
         * Requires {@code machines(1)}.
         *
         * @param on whether to use virtual time
         * @return this builder
         */
        public Builder virtualTime(boolean on) {
            this.virtualTime = on;
            return this;
        }

        /**
         * Puts the running coroutine's name into the SLF4J MDC under {@code coroutine} at every switch, for
         * log patterns such as {@code %X{machine}/%X{coroutine}}. The machine's name is in the MDC under
         * {@code machine} either way. Costs one MDC update per switch, so it is off by default.
         *
         * @param on whether to keep the coroutine's name in the MDC
         * @return this builder
         */
        public Builder logContext(boolean on) {
            this.logContext = on;
            return this;
        }

        /**
         * Sets what is done with a coroutine failure that nobody joins (default
         * {@link UncaughtFailureHandler#logging()}: an ERROR line with the coroutine's name and the stack, or
         * {@code System.err} when no SLF4J provider is on the class path).
         *
         * @param handler the handler, not null; it must be quick and must not block
         * @return this builder
         */
        public Builder uncaughtFailureHandler(UncaughtFailureHandler handler) {
            this.uncaughtFailureHandler = handler;
            return this;
        }

        /**
         * Makes every suspension first ask the JVM whether the machine thread holds a monitor (default off).
         * On JDK 24 and later a coroutine may suspend inside {@code synchronized}: the JVM no longer refuses,
         * the monitor stays locked while the coroutine is suspended, and the next coroutine (or thread) that
         * enters it blocks the machine thread for good — the machine's other coroutines can never run again,
         * the holder included. With the check on, such a suspension fails with {@link MisuseException} at the
         * offending call instead. Each check is a JVM safepoint (about 60 µs measured here, pausing every
         * thread), so turn it on in tests or to find the culprit of a machine that the stall watchdog reports
         * as blocked entering a monitor.
         *
         * @param on whether to check for held monitors before every suspension
         * @return this builder
         */
        public Builder monitorCheck(boolean on) {
            this.monitorCheck = on;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException if a value is out of range
         */
        public MachinariumConfig build() {
            return new MachinariumConfig(machines, machineNames, offloadThreads, offloadQueue,
                    transport, shutdownTimeout, stallThreshold, idleSpin, adaptiveSpin, virtualTime, logContext,
                    uncaughtFailureHandler, monitorCheck);
        }
    }
}
