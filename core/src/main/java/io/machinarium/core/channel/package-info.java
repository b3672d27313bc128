/**
 * Message channels: {@link io.machinarium.core.channel.SharedChannel} between any machines and
 * threads, the machine-confined {@link io.machinarium.core.channel.LocalChannel}, limit policies
 * ({@link io.machinarium.core.channel.LimitPolicy}) and {@link io.machinarium.core.channel.Select}
 * over several channels. A message handed to a reader that times out at that moment is returned to
 * it, never lost.
 */
package io.machinarium.core.channel;
