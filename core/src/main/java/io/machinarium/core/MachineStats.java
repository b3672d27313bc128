package io.machinarium.core;

/**
 * A snapshot of one machine's scheduler, published by the machine thread once per scheduler pass.
 *
 * @param machine the machine's name
 * @param coroutines coroutines alive (spawned and not finished)
 * @param ready coroutines queued to run
 * @param waiting coroutines suspended in a blocking call
 * @param switches coroutine resumptions since the machine started
 * @param wakeUps how many times another thread had to wake the machine from its event loop to hand it
 *     work; work sent while the machine is awake costs no wake-up
 * @param stalls how many times a coroutine or task held the machine's thread past the stall threshold
 * @since 0.1.0
 */
public record MachineStats(String machine, int coroutines, int ready, int waiting, long switches, long wakeUps,
                           long stalls) {
}
