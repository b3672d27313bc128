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
 *
 * <p>Mechanism → file: {@code Channel} (what both channels offer), {@code LocalChannel} (one machine, no
 * lock), {@code SharedChannel} (any machine or thread), {@code ChannelCore} (the algorithm both share: the
 * message deque, the waiting reads and writes, the limit), {@code LimitPolicy} (unlimited, hard, soft),
 * {@code Handoff} and {@code HandoffList} (a blocked read's slot, claimed once, so that a message handed to a
 * reader that times out is never lost; the waiters in arrival order), {@code SpinLock} (the shared channel's
 * short critical sections), {@code Select} with {@code Selected} (one message from the first of several
 * channels).
 */
package io.machinarium.core.channel;
