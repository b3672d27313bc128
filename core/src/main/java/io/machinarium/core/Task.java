package io.machinarium.core;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * A coroutine that returns a result: the handle {@link Machine#spawnTask(Callable)} and {@link Scope#spawn}
 * give back. {@link #join} waits for the body and returns what it returned, or throws what it threw as the
 * cause of a {@link CoroutineFailedException}.
 *
 * <pre>{@code
 * Task<Integer> answer = machine.spawnTask(() -> {
 *     Coroutine.sleep(10);
 *     return 42;
 * });
 * int a = answer.join(Duration.ofSeconds(1));   // works from threads and coroutines
 * }</pre>
 *
 * <p>A checked exception thrown by the body is its failure as it is (not wrapped). Joining a task that
 * has ended returns (or throws) at once, as often as it is called.
 *
 * <p>Thread safety: every method may be called from any thread or coroutine.
 *
 * @param <T> the type of the result
 * @since 0.1.0
 */
public final class Task<T> {
    private final Coroutine coroutine;
    private final Body<T> body;

    private Task(Coroutine coroutine, Body<T> body) {
        this.coroutine = coroutine;
        this.body = body;
    }

    /** Spawns {@code callable} on {@code machine} as a child of {@code scope} (null: of no scope). */
    static <T> Task<T> spawn(Machine machine, String name, Callable<T> callable, Scope scope) {
        if (callable == null) {
            throw new NullPointerException("body");
        }
        Body<T> body = new Body<>(callable);
        return new Task<>(machine.spawnCoroutine(name, body, scope), body);
    }

    /**
     * Waits until the body has ended, with no time limit. See {@link #join(Duration)}.
     *
     * @return what the body returned
     * @throws CoroutineFailedException if the body threw, with what it threw as the cause
     * @throws CancelledException if the caller is cancelled while waiting
     * @throws MisuseException if the task's own coroutine joins it
     */
    public T join() {
        return join(null);
    }

    /**
     * Waits until the body has ended and returns its result. A coroutine suspends, a thread parks. On a
     * timeout the task goes on running: {@link #cancel()} it if its result is no longer wanted.
     *
     * @param timeout how long to wait at most; null waits forever
     * @return what the body returned
     * @throws CoroutineFailedException if the body threw (a cancelled task: a {@link CancelledException}),
     *     with what it threw as the cause
     * @throws TimedOutException if it is still running when the timeout expires
     * @throws CancelledException if the caller is cancelled (or its thread interrupted) while waiting
     * @throws MisuseException if the task's own coroutine joins it
     */
    public T join(Duration timeout) {
        coroutine.join(timeout);
        return body.value;
    }

    /**
     * Cancels the task, from any thread: its current and later blocking calls throw
     * {@link CancelledException}. Returns at once; {@link #join} waits for the end.
     */
    public void cancel() {
        coroutine.cancel();
    }

    /**
     * Whether the body has returned or thrown.
     *
     * @return true once ended
     */
    public boolean isDone() {
        return coroutine.isDone();
    }

    /**
     * Whether {@link #cancel()} was called (or the task's scope or machine cancelled it).
     *
     * @return true once cancelled
     */
    public boolean isCancelled() {
        return coroutine.isCancelled();
    }

    /**
     * The coroutine that runs the body: its name, id, machine, state and parent.
     *
     * @return the coroutine
     */
    public Coroutine coroutine() {
        return coroutine;
    }

    @Override
    public String toString() {
        return "Task[" + coroutine + "]";
    }

    /** The coroutine's body: runs the callable and keeps its result for the joiners. */
    private static final class Body<T> implements Runnable {
        private final Callable<T> callable;
        /** Written before the coroutine is done; joiners read it after, through the join's hand-off. */
        T value;

        Body(Callable<T> callable) {
            this.callable = callable;
        }

        @Override
        public void run() {
            try {
                value = callable.call();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw Body.<RuntimeException>asUnchecked(e);  // the coroutine's failure is the exception itself
            }
        }

        @SuppressWarnings("unchecked")
        private static <E extends Throwable> E asUnchecked(Throwable t) throws E {
            throw (E) t;
        }
    }
}
