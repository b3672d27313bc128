/**
 * The extension SPI of core: what a module built on core (net's reads and writes, actors' mailboxes,
 * the cluster's asks) needs to write a blocking call that behaves like core's own — it suspends a
 * coroutine or parks a thread, honours a deadline and cancellation, and turns the outcome into
 * {@link io.machinarium.core.TimedOutException} or {@link io.machinarium.core.CancelledException}. It is
 * not for applications: they block through the calls of core, net and actors, never through this
 * package.
 *
 * <p>Mechanism → file: {@code Blocker} (one wait: arm with {@code prepare}, publish the ticket, {@code
 * await}; {@code wake} from any thread; {@code Blocker.Outcome.orThrow} / {@code failure}, the one place
 * where a wait's outcome becomes an exception; the deadline clock), {@code WaiterQueue} (a FIFO of
 * published waits for a primitive's sleepers), {@code CoreAccess} (the SPI's one way to core's
 * implementation, which stays package-private).
 *
 * <p>What it promises: exactly one of wake, timeout and cancellation decides a wait, a stale ticket never
 * wakes a later wait, a coroutine is resumed only on its own machine, and these signatures change only
 * with a note in the changelog. What it does not: blockers other than core's own ({@code Blocker} is
 * implemented only by core; {@link io.machinarium.core.spi.Blocker#current()} is the only source), the
 * order in which several woken waits resume, or any fairness beyond the queue's FIFO.
 */
package io.machinarium.core.spi;
