package io.machinarium.core;

/**
 * When a machine started with {@link Machinarium#startMachine(String, Runnable, MachineLifetime)} ends.
 * Either way {@link Machine#stop()} and {@link Machinarium#close()} end it earlier, and
 * {@link Machine#await} returns once it has ended.
 *
 * @since 0.1.0
 */
public enum MachineLifetime {
    /** It runs until {@link Machine#stop()} or {@link Machinarium#close()}, with or without coroutines. */
    UNTIL_STOPPED,
    /**
     * It also ends by itself as soon as its last coroutine has ended and no work waits in its inbox —
     * machinarium's {@code machine_create}: a machine lives as long as its coroutines. Coroutines spawned
     * on it by its coroutines keep it alive; a spawn from elsewhere that comes after its end is refused
     * ({@link RejectedException}); timers and tasks still pending at the end never run.
     */
    UNTIL_LAST_COROUTINE_ENDS
}
