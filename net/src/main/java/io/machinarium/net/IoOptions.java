package io.machinarium.net;

import io.machinarium.net.dns.Resolver;
import io.netty.channel.ChannelHandler;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * How an IO context is set up. Immutable; start from {@link #defaults()} and change what you need.
 *
 * <pre>{@code
 * IoOptions http = IoOptions.defaults().withCodec(() -> new ChannelHandler[] {new HttpServerCodec()});
 * }</pre>
 *
 * @param readaheadHigh buffered inbound bytes at which reading from the socket pauses (autoRead off)
 * @param readaheadLow buffered inbound bytes at or below which reading resumes
 * @param writeHigh queued outbound bytes at which writers start to wait (Netty's high water mark)
 * @param writeLow queued outbound bytes at which waiting writers continue
 * @param noDelay TCP_NODELAY on TCP connections (ignored for Unix sockets)
 * @param codec new handlers for each connection, placed ahead of the reader: with a codec, reads and
 *     writes are of decoded objects ({@link IoContext#readObject}); null for plain bytes
 * @param closeTimeout how long {@link IoContext#close()} waits with no queued byte reaching the socket before it
 *     gives up on them (and resets the connection)
 * @param resolver resolves host names for {@link IoContext#connect(String, int, Duration, IoOptions)}; null
 *     for the calling machine's default ({@link Resolver#system()})
 * @since 0.1.0
 */
public record IoOptions(int readaheadHigh, int readaheadLow, int writeHigh, int writeLow, boolean noDelay,
                        Supplier<ChannelHandler[]> codec, Duration closeTimeout, Resolver resolver) {
    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if a low mark exceeds its high mark or a value is out of range
     */
    public IoOptions {
        if (readaheadHigh < 1 || readaheadLow < 0 || readaheadLow > readaheadHigh
                || writeHigh < 1 || writeLow < 0 || writeLow > writeHigh || closeTimeout == null) {
            throw new IllegalArgumentException("water marks need 0 <= low <= high and high >= 1; closeTimeout is required");
        }
    }

    /**
     * Options that resolve names with the machine's default resolver; the constructor of the options
     * before they had a resolver.
     *
     * @param readaheadHigh buffered inbound bytes at which reading pauses
     * @param readaheadLow buffered inbound bytes at or below which reading resumes
     * @param writeHigh queued outbound bytes at which writers start to wait
     * @param writeLow queued outbound bytes at which waiting writers continue
     * @param noDelay TCP_NODELAY on TCP connections
     * @param codec new handlers for each connection; null for plain bytes
     * @param closeTimeout how long close waits for queued bytes
     * @throws IllegalArgumentException if a low mark exceeds its high mark or a value is out of range
     */
    public IoOptions(int readaheadHigh, int readaheadLow, int writeHigh, int writeLow, boolean noDelay,
                     Supplier<ChannelHandler[]> codec, Duration closeTimeout) {
        this(readaheadHigh, readaheadLow, writeHigh, writeLow, noDelay, codec, closeTimeout, null);
    }

    /**
     * Readahead pauses at 1 MiB and resumes at 256 KiB; writers wait above 256 KiB until 64 KiB;
     * TCP_NODELAY on; no codec; close gives up on queued bytes after 5 s with none sent; names resolved by the machine's
     * default resolver.
     *
     * @return the defaults
     */
    public static IoOptions defaults() {
        return new IoOptions(1 << 20, 1 << 18, 1 << 18, 1 << 16, true, null, Duration.ofSeconds(5), null);
    }

    /**
     * A copy with other readahead water marks: reading from the socket pauses at {@code high} buffered bytes and
     * resumes at {@code low}.
     *
     * @param high pause reading here
     * @param low resume here
     * @return a copy with these readahead marks
     */
    public IoOptions withReadahead(int high, int low) {
        return new IoOptions(high, low, writeHigh, writeLow, noDelay, codec, closeTimeout, resolver);
    }

    /**
     * A copy with other write-buffer water marks: writers wait at {@code high} queued bytes and continue at
     * {@code low}.
     *
     * @param high writers wait here
     * @param low writers continue here
     * @return a copy with these write marks
     */
    public IoOptions withWriteBuffer(int high, int low) {
        return new IoOptions(readaheadHigh, readaheadLow, high, low, noDelay, codec, closeTimeout, resolver);
    }

    /**
     * A copy with TCP_NODELAY on or off.
     *
     * @param on TCP_NODELAY
     * @return a copy
     */
    public IoOptions withNoDelay(boolean on) {
        return new IoOptions(readaheadHigh, readaheadLow, writeHigh, writeLow, on, codec, closeTimeout, resolver);
    }

    /**
     * A copy that puts a codec ahead of the reader: reads and writes are then of decoded objects.
     *
     * @param handlers makes the codec handlers of one connection
     * @return a copy in object mode
     */
    public IoOptions withCodec(Supplier<ChannelHandler[]> handlers) {
        return new IoOptions(readaheadHigh, readaheadLow, writeHigh, writeLow, noDelay, handlers, closeTimeout,
                resolver);
    }

    /**
     * A copy with another limit on how long {@link IoContext#close()} waits for queued bytes to reach the socket.
     *
     * @param timeout how long close waits for queued bytes
     * @return a copy
     */
    public IoOptions withCloseTimeout(Duration timeout) {
        return new IoOptions(readaheadHigh, readaheadLow, writeHigh, writeLow, noDelay, codec, timeout, resolver);
    }

    /**
     * A copy with another resolver of host names for {@link IoContext#connect(String, int, Duration, IoOptions)}.
     *
     * @param r resolves host names on connect; null for the machine's default
     * @return a copy
     */
    public IoOptions withResolver(Resolver r) {
        return new IoOptions(readaheadHigh, readaheadLow, writeHigh, writeLow, noDelay, codec, closeTimeout, r);
    }
}
