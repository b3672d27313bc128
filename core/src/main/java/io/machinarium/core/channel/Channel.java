package io.machinarium.core.channel;

import io.machinarium.core.CancelledException;
import io.machinarium.core.ClosedException;
import io.machinarium.core.RejectedException;
import io.machinarium.core.TimedOutException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A queue of messages between coroutines (and, for {@link SharedChannel}, plain threads). A write hands
 * the message straight to the longest-waiting reader, or queues it; past the channel's {@link LimitPolicy}
 * {@link #write} and {@link #tryWrite} reject it at once, while {@link #put} waits — with timeout and
 * cancellation — until a reader makes room. Reads block until a message arrives, with timeout and
 * cancellation. Messages are passed by reference: ownership (of a {@code ByteBuf}, for instance) moves
 * with the message from writer to reader.
 *
 * <pre>{@code
 * try (SharedChannel<ByteBuf> chunks = new SharedChannel<>(LimitPolicy.hard(64))) {
 *     producer.spawn(() -> { for (ByteBuf b; (b = next()) != null; ) chunks.put(b, Duration.ofSeconds(5)); });
 *     consumer.spawn(() -> { for (;;) send(chunks.read()); });     // the reader owns (releases) each buffer
 *     ...
 * }                                                               // close: see below for what is left
 * }</pre>
 *
 * <p>Losing nothing: a message is either taken by exactly one reader or stays queued; a reader that
 * times out or is cancelled at the moment a writer hands it a message returns that message instead of
 * the timeout. A waiting {@link #put} either gets its message into the channel (and returns) or keeps it
 * (and throws) — never both, however its timeout or cancellation races a reader.
 *
 * <p>Closing, and what is left: after {@link #close()} writes fail with {@link ClosedException} (the
 * writer keeps its message), waiting puts are woken with {@link ClosedException} and keep theirs, and
 * waiting readers are woken. Messages still queued stay readable: readers take them, and own them, until
 * the channel is empty, then get {@link ClosedException}. The channel never releases a message itself —
 * it does not know what a message holds — so whoever closes a channel that may still hold reference-counted
 * messages nobody will read drains it with {@link #close(Consumer)}, e.g.
 * {@code channel.close(ReferenceCountUtil::release)}; a queued {@code ByteBuf} left in a dropped channel
 * leaks.
 *
 * @param <T> the message type
 * @since 0.1.0
 */
public sealed interface Channel<T> extends AutoCloseable permits ChannelCore {
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
     * Writes a message, waiting without limit while the channel is full. See {@link #put(Object, Duration)}.
     *
     * @param message the message, not null; ownership passes to the channel when this returns
     * @throws CancelledException if the caller is or gets cancelled while it waits (it keeps ownership)
     * @throws ClosedException if the channel is or gets closed (it keeps ownership)
     */
    void put(T message);

    /**
     * Writes a message, waiting while the channel is full: the waiting write, beside the rejecting
     * {@link #write}. It hands the message to a waiting reader or queues it, as {@link #write} does, when
     * the channel holds fewer than its {@link LimitPolicy#limit()} messages (any number for an unlimited
     * channel); otherwise it waits — a coroutine suspends, a thread parks — until a reader takes a message
     * and so lets this one in. Waiting writes are let in in the order they came, and no {@link #write} or
     * {@link #tryWrite} overtakes them. When it returns, the channel has taken the message.
     *
     * @param message the message, not null; ownership passes to the channel when this returns
     * @param timeout how long to wait at most; null waits forever
     * @throws TimedOutException if the channel stayed full for the whole timeout (the caller keeps ownership)
     * @throws CancelledException if the caller is or gets cancelled (its thread interrupted) while it waits
     *     (the caller keeps ownership)
     * @throws ClosedException if the channel is closed, before or while it waits (the caller keeps ownership)
     */
    void put(T message, Duration timeout);

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
     * Closes the channel: writes fail with {@link ClosedException}, waiting puts and readers are woken (the
     * puts keep their messages), and readers still get the queued messages and then
     * {@link ClosedException}. Queued messages stay in the channel until read: see the class comment for
     * who releases them. Closing twice does nothing more. Never blocks.
     */
    @Override
    void close();

    /**
     * Closes the channel as {@link #close()} does, and hands every message still queued to
     * {@code leftovers}, oldest first, on the calling thread (outside the channel's lock); the channel is
     * empty afterwards. The way to release reference-counted messages nobody will read:
     * {@code channel.close(ReferenceCountUtil::release)}. On a closed channel it drains what readers have
     * not taken yet.
     *
     * @param leftovers takes ownership of each message left in the channel
     * @return how many messages it was given
     * @throws RuntimeException the first exception {@code leftovers} threw (later ones suppressed), once
     *     every message was offered to it
     */
    int close(Consumer<? super T> leftovers);

    /** {@return whether {@link #close()} was called} */
    boolean isClosed();
}
