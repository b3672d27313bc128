package io.machinarium.core.channel;

import io.machinarium.core.CancelledException;
import io.machinarium.core.ClosedException;
import io.machinarium.core.RejectedException;
import io.machinarium.core.TimedOutException;
import java.time.Duration;

/**
 * A queue of messages between coroutines (and, for {@link SharedChannel}, plain threads). Writes never
 * block: a write hands the message straight to the longest-waiting reader, or queues it, or — past the
 * channel's {@link LimitPolicy} — is rejected. Reads block until a message arrives, with timeout and
 * cancellation. Messages are passed by reference: ownership (of a {@code ByteBuf}, for instance) moves
 * with the message from writer to reader.
 *
 * <p>Losing nothing: a message is either taken by exactly one reader or stays queued; a reader that
 * times out or is cancelled at the moment a writer hands it a message returns that message instead of
 * the timeout.
 *
 * @param <T> the message type
 */
public sealed interface Channel<T> permits ChannelCore {
    /**
     * Writes a message, waking the longest-waiting reader if there is one.
     *
     * @param message the message, not null; ownership passes to the channel
     * @throws RejectedException if the limit policy rejects it (the caller keeps ownership)
     * @throws ClosedException if the channel is closed (the caller keeps ownership)
     */
    void write(T message);

    /**
     * Writes a message unless the limit policy rejects it.
     *
     * @param message the message, not null; ownership passes to the channel when this returns true
     * @return false if rejected by the limit policy (the caller keeps ownership)
     * @throws ClosedException if the channel is closed
     */
    boolean tryWrite(T message);

    /**
     * Takes the oldest message, waiting without limit. See {@link #read(Duration)}.
     *
     * @return the message; the caller owns it
     * @throws CancelledException if the caller is cancelled while waiting
     * @throws ClosedException if the channel is closed and empty
     */
    T read();

    /**
     * Takes the oldest queued message (FIFO), waiting for one if the channel is empty.
     *
     * @param timeout how long to wait at most; null waits forever
     * @return the message; the caller owns it
     * @throws TimedOutException if no message arrived in time
     * @throws CancelledException if the caller is or gets cancelled (its thread interrupted)
     * @throws ClosedException if the channel is closed and empty, before or during the wait
     */
    T read(Duration timeout);

    /**
     * Takes the newest queued message (LIFO, machinarium's read-back), waiting for one if the channel is
     * empty.
     *
     * @param timeout how long to wait at most; null waits forever
     * @return the message; the caller owns it
     * @throws TimedOutException if no message arrived in time
     * @throws CancelledException if the caller is or gets cancelled
     * @throws ClosedException if the channel is closed and empty
     */
    T readBack(Duration timeout);

    /**
     * Takes the oldest queued message if there is one, without waiting.
     *
     * @return the message (the caller owns it), or null if none is queued
     */
    T poll();

    /** {@return how many messages are queued (not counting those handed straight to readers)} */
    int size();

    /**
     * Closes the channel: writes fail with {@link ClosedException}, readers still get the queued
     * messages and then {@link ClosedException}; waiting readers are woken.
     */
    void close();

    /** {@return whether {@link #close()} was called} */
    boolean isClosed();
}
