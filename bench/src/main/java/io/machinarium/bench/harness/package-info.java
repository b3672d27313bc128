/**
 * The benchmark harness: run modes ({@code Mode}), pairs of ours and an anchor measured in turns
 * ({@code Pairs}), the rows they give ({@code Row}) and the table and JSON they are reported as
 * ({@code Report}). Scenario packages depend on it; it depends on none of them.
 */
package io.machinarium.bench.harness;
