package io.machinarium.bench.http;

import io.netty.buffer.ByteBuf;

/**
 * Counts complete HTTP requests in a byte stream by the blank line that ends their head
 * ({@code \r\n\r\n}), across reads. Enough for wrk, whose GETs carry no body; not an HTTP parser.
 * One per connection; not thread-safe.
 */
public final class RequestCounter {
    private int matched;  // how much of \r\n\r\n the bytes so far end with

    /** Starts a counter for a new connection. */
    public RequestCounter() {
    }

    /**
     * @param b bytes from the connection; its reader index is not moved, and it is not released
     * @return how many request heads these bytes completed
     */
    public int feed(ByteBuf b) {
        int n = 0;
        for (int i = b.readerIndex(), end = b.writerIndex(); i < end; i++) {
            n += step(b.getByte(i));
        }
        return n;
    }

    /**
     * @param b bytes from the connection
     * @param len how many of them, from index 0
     * @return how many request heads these bytes completed
     */
    int feed(byte[] b, int len) {
        int n = 0;
        for (int i = 0; i < len; i++) {
            n += step(b[i]);
        }
        return n;
    }

    private int step(byte c) {
        if (c == '\r') {
            matched = matched == 2 ? 3 : 1;
        } else if (c == '\n' && (matched == 1 || matched == 3)) {
            if (matched == 3) {
                matched = 0;
                return 1;
            }
            matched = 2;
        } else {
            matched = 0;
        }
        return 0;
    }
}
