/**
 * The coroutine runtime: {@link io.machinarium.core.Machinarium} starts
 * {@link io.machinarium.core.Machine}s (one Netty event-loop thread each) on which
 * {@link io.machinarium.core.Coroutine}s run plain blocking-style code that suspends instead of
 * blocking. {@link io.machinarium.core.Blocker} and {@link io.machinarium.core.WaiterQueue} are the
 * means to write further blocking primitives; {@link io.machinarium.core.Offload} moves truly blocking
 * calls off the machines. Every failure is a {@link io.machinarium.core.MachinariumException}.
 *
 * <pre>{@code
 * try (Machinarium rt = Machinarium.start()) {
 *     rt.machine(0).spawn(() -> {
 *         Coroutine.sleep(100);                       // suspends, the machine runs others
 *         String text = Offload.call(() -> Files.readString(Path.of("/etc/hostname")));
 *         System.out.println(text);
 *     }).join();
 * }
 * }</pre>
 */
package io.machinarium.core;
