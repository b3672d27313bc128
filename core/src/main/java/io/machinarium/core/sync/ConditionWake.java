package io.machinarium.core.sync;

/**
 * Why a {@link Condition#await} returned: machinarium's {@code MM_COND_WAIT_OK} and
 * {@code MM_COND_WAIT_OK_PROPAGATED}. Odyssey answers a propagated wake-up with EAGAIN: something
 * upstream happened, look again at what you wait for.
 *
 * @since 0.1.0
 */
public enum ConditionWake {
    /** The condition itself was signalled. */
    SIGNALLED,
    /** A condition that propagates to this one (directly or along a chain) was signalled. */
    PROPAGATED
}
