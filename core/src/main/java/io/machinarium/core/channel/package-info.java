/**
 * Message channels: {@link io.machinarium.core.channel.SharedChannel} between any machines and
 * threads, the machine-confined {@link io.machinarium.core.channel.LocalChannel}, limit policies
 * ({@link io.machinarium.core.channel.LimitPolicy}) and {@link io.machinarium.core.channel.Select}
 * over several channels. Writes past a limit are rejected ({@code write}, {@code tryWrite}) or wait for
 * room ({@code put}, with timeout and cancellation). A message handed to a reader that times out at that
 * moment is returned to it, and a waiting put that times out at the moment a reader lets it in returns
 * normally: nothing is lost or taken twice. Channels are {@code AutoCloseable}; what is still queued at
 * close stays readable, and {@code close(leftovers)} hands it to the closer (to release buffers).
 * {@code HandoffList} keeps the waiting reads and writes of a channel, {@code Handoff} the claim of one.
 */
package io.machinarium.core.channel;
