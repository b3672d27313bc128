/**
 * Micrometer binders for Machinarium: {@link io.machinarium.micrometer.MachineMetrics} (coroutines by
 * state, inbox depth, loop lag, switches per machine), {@link io.machinarium.micrometer.IoMetrics} (bytes,
 * open contexts, errors), {@link io.machinarium.micrometer.ActorMetrics} (mailbox depths, restarts,
 * dead letters) and {@link io.machinarium.micrometer.ClusterMetrics} (a cluster node's messages and bytes,
 * dead letters by reason, reconnects, slow consumers, nodes up) — one binder per file. Bind them to any
 * {@code MeterRegistry}; nothing is measured on the hot paths beyond the counters the runtime keeps anyway.
 */
package io.machinarium.micrometer;
