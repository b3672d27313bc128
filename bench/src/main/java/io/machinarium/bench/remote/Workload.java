package io.machinarium.bench.remote;

import java.util.Arrays;

/**
 * What every pair of processes of the {@code remote} scenario does, whatever carries the messages: the
 * 64-byte payload, and the window of the one-way throughput run.
 *
 * <p>Round trip: an actor (or thread) of JVM A sends the payload to JVM B and waits for B to send it back,
 * {@code n} times in sequence. Throughput: A first tells B how many payloads follow, then sends them,
 * never more than {@link #WINDOW} ahead of what B has acknowledged; B acknowledges every
 * {@link #ACK_EVERY} payloads and the last one, and the run ends when A holds the last acknowledgement, so
 * what is measured is payloads delivered and counted by B, not payloads queued by A.
 *
 * <p>Why 2,000: the window must fit in the smallest default buffer of every transport, or a run would
 * measure what the transport drops instead of what it delivers. The smallest is Pekko Artery's outbound
 * message queue, 3,072 messages by default, which drops messages once full
 * ({@code pekko.remote.artery.advanced.outbound-message-queue-size}); jnats's outgoing queue (5,000 messages
 * by default, where a publish then waits; 65,536 on a cluster node, which then discards) and its
 * subscriptions' pending limits (512 Ki messages by default, 65,536 on a cluster node) are larger. With acknowledgements every 1,000 the sender still has a second thousand to send while the first
 * acknowledgement travels back, so the pipe never runs dry for lack of window on loopback.
 */
public final class Workload {
    /** The payload's size in bytes. */
    public static final int PAYLOAD_BYTES = 64;
    /** B acknowledges after every this many payloads (and after the last). */
    public static final int ACK_EVERY = 1_000;
    /** A never has more than this many payloads unacknowledged. */
    public static final int WINDOW = 2 * ACK_EVERY;

    private Workload() {
    }

    /** {@return a fresh 64-byte payload} */
    public static byte[] payload() {
        byte[] b = new byte[PAYLOAD_BYTES];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    /**
     * Whether B acknowledges after its {@code count}-th payload of {@code total}.
     *
     * @param count payloads counted so far
     * @param total payloads announced
     * @return true after every {@link #ACK_EVERY}-th and after the last
     */
    public static boolean ackDue(long count, long total) {
        return count % ACK_EVERY == 0 || count == total;
    }

    /**
     * Checks what came back or arrived.
     *
     * @param bytes the payload received
     * @throws IllegalStateException if it is not 64 bytes
     */
    public static void check(byte[] bytes) {
        if (bytes == null || bytes.length != PAYLOAD_BYTES) {
            throw new IllegalStateException("a payload of " + (bytes == null ? "null" : bytes.length + " bytes")
                    + " arrived, expected " + PAYLOAD_BYTES + " bytes");
        }
    }
}
