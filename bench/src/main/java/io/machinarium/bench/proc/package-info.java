/**
 * Processes the harness starts — servers, anchors, load generators, client fleets — and where they run
 * ({@link io.machinarium.bench.proc.Cores}: which core, by {@code taskset}).
 */
package io.machinarium.bench.proc;
