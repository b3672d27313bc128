package io.machinarium.core.channel;

/**
 * What {@link Select#read} returns: the message and which channel it came from.
 *
 * @param index the position of the channel in the arguments of {@link Select#read}
 * @param message the message; the caller owns it
 * @param <T> the message type
 * @since 0.1.0
 */
public record Selected<T>(int index, T message) {
}
