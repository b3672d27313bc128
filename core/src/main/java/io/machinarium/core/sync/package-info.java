/**
 * Synchronization for coroutines on any machines and for plain threads, all with timeouts and
 * cancellation: {@link io.machinarium.core.sync.Mutex}, {@link io.machinarium.core.sync.Semaphore},
 * {@link io.machinarium.core.sync.WaitList} (futex-like, handing waiters' values to notifiers),
 * {@link io.machinarium.core.sync.WaitGroup}, {@link io.machinarium.core.sync.WaitFlag},
 * {@link io.machinarium.core.sync.Event}, and the machine-local {@link io.machinarium.core.sync.Condition}
 * (a signal wakes every waiter and propagates along a chain, as machinarium's does). A waiting
 * coroutine suspends and its machine runs others; a waiting thread parks.
 *
 * <p>Mechanism → file: one primitive per file — {@code Mutex}, {@code Semaphore}, {@code WaitList} (futex-like,
 * with a notifier callback), {@code WaitGroup}, {@code WaitFlag}, {@code Event}, {@code Condition} with
 * {@code ConditionWake} (woken directly or by propagation) — and {@code SyncWait}, the acquire loop and
 * wait tail they share (suspend, then {@code Blocker.Outcome.orThrow}); {@code Mutex} keeps its own loop, for a
 * free path without a monitor and its bounded barging.
 */
package io.machinarium.core.sync;
