/**
 * Synchronization for coroutines on any machines and for plain threads, all with timeouts and
 * cancellation: {@link io.machinarium.core.sync.Mutex}, {@link io.machinarium.core.sync.Semaphore},
 * {@link io.machinarium.core.sync.WaitList} (futex-like, handing waiters' values to notifiers),
 * {@link io.machinarium.core.sync.WaitGroup}, {@link io.machinarium.core.sync.WaitFlag},
 * {@link io.machinarium.core.sync.Event}, and the machine-local {@link io.machinarium.core.sync.Condition}
 * (a signal wakes every waiter and propagates along a chain, as machinarium's does). A waiting
 * coroutine suspends and its machine runs others; a waiting thread parks.
 */
package io.machinarium.core.sync;
