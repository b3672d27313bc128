package io.machinarium.net;

import java.util.concurrent.atomic.LongAdder;

/**
 * Process-wide counters of the IO contexts: bytes each way, contexts opened and closed, and failures.
 * Counting costs one uncontended {@link LongAdder} add per read or write; the numbers feed metrics
 * (the Micrometer binder) and tests.
 *
 * <p>Bytes are counted as the socket delivers them to a byte-mode context and as buffers are written;
 * a context with a codec counts the buffers it writes and the decoded objects' buffers it reads.
 *
 * <p>Thread safety: any thread.
 */
public final class IoStats {
    static final LongAdder READ = new LongAdder();
    static final LongAdder WRITTEN = new LongAdder();
    static final LongAdder OPENED = new LongAdder();
    static final LongAdder CLOSED = new LongAdder();
    static final LongAdder ERRORS = new LongAdder();

    private IoStats() {
    }

    /**
     * Bytes received by IO contexts since the process started.
     *
     * @return the count
     */
    public static long bytesRead() {
        return READ.sum();
    }

    /**
     * Bytes written by IO contexts since the process started.
     *
     * @return the count
     */
    public static long bytesWritten() {
        return WRITTEN.sum();
    }

    /**
     * IO contexts made (connected or accepted) since the process started.
     *
     * @return the count
     */
    public static long opened() {
        return OPENED.sum();
    }

    /**
     * IO contexts whose connection has closed.
     *
     * @return the count
     */
    public static long closed() {
        return CLOSED.sum();
    }

    /**
     * IO contexts open now: made and not yet closed.
     *
     * @return the count
     */
    public static long open() {
        return Math.max(0, OPENED.sum() - CLOSED.sum());
    }

    /**
     * Connections that failed (a reset, a refused or timed-out connect, a pipeline error).
     *
     * @return the count
     */
    public static long errors() {
        return ERRORS.sum();
    }
}
