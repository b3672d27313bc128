package io.machinarium.core;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs blocking calls — JDK file or socket IO, JDBC, {@code Thread.sleep}, CPU-heavy work — on the
 * runtime's bounded pool of platform threads while the calling coroutine suspends, so that its
 * machine keeps serving the other coroutines (machinarium's task manager).
 *
 * <pre>{@code
 * String config = Offload.call(() -> Files.readString(path), Duration.ofSeconds(2));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Offload {
    private Offload() {
    }

    /**
     * Runs {@code task} on the offload pool and waits for its result with no time limit. See
     * {@link #call(Callable, Duration)}.
     *
     * @param task the blocking call
     * @param <T> the result type
     * @return what the task returned
     * @throws OffloadFailedException if the task threw (the cause)
     * @throws RejectedException if the pool and its queue are full
     * @throws CancelledException if the calling coroutine is cancelled; the task is interrupted
     * @throws MisuseException if called outside a coroutine
     */
    public static <T> T call(Callable<T> task) {
        return call(task, null);
    }

    /**
     * Runs {@code task} on the offload pool of the calling coroutine's runtime and suspends the
     * coroutine until the task returns. On timeout or cancellation the task is interrupted and the
     * coroutine continues at once; a result that arrives together with the timeout is returned rather
     * than lost.
     *
     * @param task the blocking call
     * @param timeout how long to wait at most; null waits forever
     * @param <T> the result type
     * @return what the task returned
     * @throws OffloadFailedException if the task threw (the cause)
     * @throws TimedOutException if the task did not finish in time (it is interrupted)
     * @throws RejectedException if the pool and its queue are full
     * @throws CancelledException if the calling coroutine is or gets cancelled (the task is interrupted)
     * @throws MisuseException if called outside a coroutine: a plain thread can simply make the call
     */
    public static <T> T call(Callable<T> task, Duration timeout) {
        Coroutine c = Coroutine.require("Offload.call");
        if (c.isCancelled()) {
            throw new CancelledException("Offload.call in coroutine '" + c.name() + "' refused: the coroutine was cancelled");
        }
        long deadline = Blocker.deadline(timeout);
        Completion<T> result = new Completion<>();
        Future<?> running;
        try {
            running = c.machine().runtime().offloadPool.submit(() -> {
                try {
                    result.complete(task.call());
                } catch (Throwable t) {
                    result.fail(t);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new RejectedException("the offload pool is full (" + c.machine().runtime().config().offloadThreads()
                    + " threads busy and the queue full) or shut down");
        }
        Blocker.Outcome o = result.await(deadline, task);
        if (o != Blocker.Outcome.WOKEN) {
            running.cancel(true);
            o.orThrow("offloaded call of coroutine", "'" + c.name() + "'", "did not finish", timeout);
        }
        if (result.failure() != null) {
            throw new OffloadFailedException("offloaded call failed: " + result.failure(), result.failure());
        }
        return result.value();
    }
}
