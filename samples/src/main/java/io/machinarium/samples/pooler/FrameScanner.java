package io.machinarium.samples.pooler;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Finds the message boundaries in a byte stream of the v3 protocol as it passes, chunk by chunk, without
 * copying the messages: the relay reads whatever a peer sent, asks this scanner which part of it may be
 * passed on, and writes that part. A listener hears each message begin (its type and length), may refuse it
 * ({@code Terminate}, an unknown type: the scan stops before it, nothing of it is passed on), and gets the
 * whole bodies of the small messages it asks for ({@code ReadyForQuery}, {@code ParameterStatus}).
 *
 * <p>A header split between two chunks is held back, never half passed on, so that a refused message never
 * reaches the other side in part. A length below 4 or above the limit stops the scan as a violation: the
 * messages before it are passed on, and {@link #violation()} says what was wrong.
 *
 * <p>Machine-confined, like the connection it scans. Buffers: {@link #scan} leaves the chunk to its caller
 * and returns a buffer of its own (or null) that the caller writes or releases.
 */
final class FrameScanner {
    /** The longest message either side may send: PostgreSQL's limit for large messages. */
    static final int MAX_MESSAGE = (1 << 30) - 1;
    /** The longest body a listener may ask to see whole. */
    static final int MAX_CAPTURE = 64 * 1024;

    /** Hears the messages of one stream. */
    interface Listener {
        /**
         * A message begins.
         *
         * @param type its type byte
         * @param length its length, which counts itself (4 or more)
         * @return false to stop the scan before this message: it and what follows are not passed on
         */
        boolean begin(byte type, int length);

        /** {@return whether to hand this type's whole body to {@link #complete}} */
        boolean captures(byte type);

        /**
         * A message asked for has ended.
         *
         * @param type its type byte
         * @param body its bytes after the length (the listener may keep the array)
         */
        void complete(byte type, byte[] body);
    }

    private final Listener listener;
    private final byte[] header = new byte[5];
    private int headerFill;
    private long bodyLeft;
    private byte type;
    private byte[] capture;
    private int captureFill;
    private boolean stopped;
    private String violation;

    FrameScanner(Listener listener) {
        this.listener = listener;
    }

    /**
     * Scans the readable bytes of a chunk (its reader index is not moved).
     *
     * @param chunk the bytes, still the caller's
     * @return what may be passed on — whole messages, and the beginning of one whose body goes on in the next
     *     chunk — as a new buffer the caller owns; null if nothing may be passed on yet
     */
    ByteBuf scan(ByteBuf chunk) {
        int start = chunk.readerIndex();
        int end = chunk.writerIndex();
        int i = start;
        byte[] held = headerFill > 0 ? java.util.Arrays.copyOf(header, headerFill) : null;
        boolean heldAccepted = false;
        int decided = start;
        while (i < end && !stopped) {
            if (bodyLeft > 0) {
                int n = (int) Math.min(bodyLeft, end - i);
                if (capture != null) {
                    chunk.getBytes(i, capture, captureFill, n);
                    captureFill += n;
                }
                i += n;
                bodyLeft -= n;
                decided = i;
                if (bodyLeft == 0) {
                    finish();
                }
                continue;
            }
            boolean fromHeld = headerFill > 0;
            int n = Math.min(5 - headerFill, end - i);
            chunk.getBytes(i, header, headerFill, n);
            headerFill += n;
            i += n;
            if (headerFill < 5) {
                break;  // the rest of the header comes with the next chunk; these bytes wait here
            }
            headerFill = 0;
            type = header[0];
            int length = (header[1] & 0xff) << 24 | (header[2] & 0xff) << 16 | (header[3] & 0xff) << 8
                    | header[4] & 0xff;
            if (length < 4 || length > MAX_MESSAGE) {
                violation = "message '" + Frame.printable(type) + "' has an invalid length " + length;
                stopped = true;
                break;
            }
            if (!listener.begin(type, length)) {
                stopped = true;
                break;
            }
            heldAccepted |= fromHeld;
            bodyLeft = length - 4;
            capture = bodyLeft <= MAX_CAPTURE && listener.captures(type) ? new byte[(int) bodyLeft] : null;
            captureFill = 0;
            decided = i;
            if (bodyLeft == 0) {
                finish();
            }
        }
        ByteBuf tail = decided > start ? chunk.retainedSlice(start, decided - start) : null;
        if (held != null && heldAccepted) {
            return tail == null ? Unpooled.wrappedBuffer(held) : Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(held), tail);
        }
        return tail;
    }

    private void finish() {
        if (capture != null) {
            byte[] body = capture;
            capture = null;
            listener.complete(type, body);
        }
    }

    /** {@return whether the stream is between two messages: everything passed on so far is whole} */
    boolean atBoundary() {
        return headerFill == 0 && bodyLeft == 0;
    }

    /** {@return whether the scan stopped (a refused message or a violation): nothing more will pass} */
    boolean stopped() {
        return stopped;
    }

    /** {@return what was wrong if the scan stopped at a bad length, else null} */
    String violation() {
        return violation;
    }
}
