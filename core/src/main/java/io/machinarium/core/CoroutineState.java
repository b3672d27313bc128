package io.machinarium.core;

/**
 * The life cycle of a {@link Coroutine}, as reported by {@link Coroutine#state()} and coroutine dumps.
 *
 * @since 0.1.0
 */
public enum CoroutineState {
    /** Spawned, not yet run. */
    NEW,
    /** Ready to run, queued on its machine. */
    READY,
    /** Running on its machine's thread now. */
    RUNNING,
    /** Suspended in a blocking call; {@link Coroutine#waitingOn()} says on what. */
    WAITING,
    /** Finished, normally or with an exception. */
    DONE;

    /** The state of a coroutine that is not done, from its machine's run state ({@code Coroutine.S_*}). */
    static CoroutineState of(byte runState) {
        return switch (runState) {
            case Coroutine.S_NEW -> NEW;
            case Coroutine.S_READY -> READY;
            case Coroutine.S_RUNNING -> RUNNING;
            case Coroutine.S_DONE -> DONE;
            default -> WAITING;
        };
    }
}
