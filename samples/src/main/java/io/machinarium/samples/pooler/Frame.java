package io.machinarium.samples.pooler;

import io.machinarium.net.IoContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One whole message of the v3 protocol after the startup packet — a type byte, then a length that counts
 * itself — read in full, for the phases where the pooler itself speaks (authentication, the server's welcome,
 * a reset): the relay never reads whole messages, it passes bytes on ({@link FrameScanner}).
 *
 * @param type the type byte
 * @param body the bytes after the length
 */
record Frame(byte type, byte[] body) {
    /**
     * Reads the next message. Blocks the calling coroutine.
     *
     * @param io a connection of the calling machine
     * @param timeout how long the whole message may take
     * @param max the longest body accepted
     * @return the message
     * @throws ProtocolException if the length is below 4 or above {@code max} (nothing more is read)
     * @throws io.machinarium.core.TimedOutException if it did not arrive in time
     * @throws io.machinarium.core.ClosedException if the peer closed first
     */
    static Frame read(IoContext io, Duration timeout, int max) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteBuf head = io.read(5, timeout);
        byte type;
        int length;
        try {
            type = head.readByte();
            length = head.readInt();
        } finally {
            head.release();
        }
        if (length < 4 || length - 4 > max) {
            throw new ProtocolException("message '" + printable(type) + "' has an invalid length " + length);
        }
        byte[] body = io.readBytes(length - 4, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        return new Frame(type, body);
    }

    /** {@return this message again, as bytes to write} */
    ByteBuf encode() {
        ByteBuf b = Unpooled.buffer(5 + body.length);
        return b.writeByte(type).writeInt(body.length + 4).writeBytes(body);
    }

    /** {@return the first four bytes of the body as a number: an {@code R} message's code} */
    int int32() {
        return body.length < 4 ? -1 : int32(body, 0);
    }

    /** {@return the big-endian 32-bit number at {@code at}} */
    static int int32(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | b[at + 3] & 0xff;
    }

    /** {@return the field of an {@code ErrorResponse} or {@code NoticeResponse} with that code, or null} */
    String field(char code) {
        int i = 0;
        while (i < body.length && body[i] != 0) {
            byte c = body[i++];
            int end = i;
            while (end < body.length && body[end] != 0) {
                end++;
            }
            if (c == code) {
                return new String(body, i, end - i, StandardCharsets.UTF_8);
            }
            i = end + 1;
        }
        return null;
    }

    /** {@return the two C strings of a {@code ParameterStatus}: name and value, or null if malformed} */
    String[] parameter() {
        int nul = indexOf(body, 0);
        int nul2 = nul < 0 ? -1 : indexOf(body, nul + 1);
        if (nul2 < 0) {
            return null;
        }
        return new String[] {new String(body, 0, nul, StandardCharsets.UTF_8),
            new String(body, nul + 1, nul2 - nul - 1, StandardCharsets.UTF_8)};
    }

    static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    static String printable(byte type) {
        return type >= 0x20 && type < 0x7f ? String.valueOf((char) type) : String.format("0x%02x", type & 0xff);
    }
}
