/**
 * Benchmarks, each beside its anchor. {@link io.machinarium.bench.BenchMain} is the side-by-side
 * harness behind {@code bench/run}; {@link io.machinarium.bench.CoroutineBench},
 * {@link io.machinarium.bench.ChannelBench} and {@link io.machinarium.bench.EchoBench} are the JMH
 * benchmarks (coroutines, channels and the mutex, a loopback echo round trip) against virtual threads,
 * {@code java.util.concurrent} and plain Netty; {@code IdleMemory} measures the heap of an idle
 * coroutine; {@code ActorWorkloads} runs the classic actor workloads against virtual threads.
 */
package io.machinarium.bench;
