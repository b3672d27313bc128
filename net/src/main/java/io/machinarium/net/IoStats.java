package io.machinarium.net;

import io.machinarium.core.Machinarium;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one runtime's IO contexts: bytes each way, contexts opened and closed, and failures.
 * Each runtime has its own ({@link #of}), so two runtimes in one process count apart. Counting costs one
 * uncontended {@link LongAdder} add per read or write; the numbers feed metrics (the Micrometer binder) and
 * tests.
 *
 * <p>Bytes are counted as the socket delivers them to a byte-mode context and as buffers are written;
 * a context with a codec counts the buffers it writes and the decoded objects' buffers it reads.
 *
 * <p>Thread safety: any thread.
 *
 * @since 0.1.0
 */
public final class IoStats {
    final LongAdder read = new LongAdder();
    final LongAdder written = new LongAdder();
    final LongAdder opened = new LongAdder();
    final LongAdder closed = new LongAdder();
    final LongAdder errors = new LongAdder();

    private IoStats() {
    }

    /**
     * The counters of a runtime's IO contexts, made at the first use. Never blocks.
     *
     * @param runtime the runtime
     * @return its counters
     */
    public static IoStats of(Machinarium runtime) {
        return runtime.local(IoStats.class, IoStats::new);
    }

    /**
     * Bytes received by the runtime's IO contexts since it started.
     *
     * @return the count
     */
    public long bytesRead() {
        return read.sum();
    }

    /**
     * Bytes written by the runtime's IO contexts since it started.
     *
     * @return the count
     */
    public long bytesWritten() {
        return written.sum();
    }

    /**
     * IO contexts made (connected or accepted) since the runtime started.
     *
     * @return the count
     */
    public long opened() {
        return opened.sum();
    }

    /**
     * IO contexts whose connection has closed.
     *
     * @return the count
     */
    public long closed() {
        return closed.sum();
    }

    /**
     * IO contexts open now: made and not yet closed.
     *
     * @return the count
     */
    public long open() {
        return Math.max(0, opened.sum() - closed.sum());
    }

    /**
     * Connections that failed (a reset, a refused or timed-out connect, a pipeline error).
     *
     * @return the count
     */
    public long errors() {
        return errors.sum();
    }
}
