package io.machinarium.core;

/**
 * A snapshot of one machine's scheduler, published by the machine thread once per scheduler pass.
 *
 * @param machine the machine's name
 * @param coroutines coroutines alive (spawned and not finished)
 * @param ready coroutines queued to run
 * @param waiting coroutines suspended in a blocking call
 * @param switches coroutine resumptions since the machine started
 */
public record MachineStats(String machine, int coroutines, int ready, int waiting, long switches) {
}
