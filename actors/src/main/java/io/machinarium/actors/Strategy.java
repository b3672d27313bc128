package io.machinarium.actors;

/**
 * Which children a supervisor restarts when one of them has to be restarted.
 *
 * @since 0.1.0
 */
public enum Strategy {
    /** Only the child that exited. */
    ONE_FOR_ONE,
    /** Every child: the others are stopped (last started first), then all start again in order. */
    ONE_FOR_ALL,
    /** The child that exited and those started after it, which are stopped first (last first). */
    REST_FOR_ONE
}
