package io.machinarium.cluster;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The wire form of a frame: a short binary prefix in front of the payload, and no NATS headers. The prefix
 * holds the frame's kind (a message, or one of the actor signals), the target actor's id on the receiving
 * node, a watch id, the message's type, the sender (an actor reference as text) and the sending node. The
 * payload is the encoded message, or for an exit, a down or a stop the exit reason.
 *
 * <p>Why not headers: NATS headers were measured to cost about half of a one-way message's CPU on both
 * sides (building and copying a map per message on the sender, parsing it on the receiver's reader thread),
 * which halved the throughput against raw NATS; the prefix is a few bytes written and read by hand.
 *
 * <p>Layout: {@code version(1) kind(1) to(varlong) watch(varlong) type(str) from(str) node(str) payload},
 * where a varlong holds the value plus one (so that -1, "none", is 0) and a str is a varint length and
 * UTF-8 bytes. Thread safety: stateless but for caches of recurring strings, encoded and read back.
 */
final class Frames {
    static final byte VERSION = 1;

    static final byte MESSAGE = 0;
    static final byte LINK = 1;
    static final byte UNLINK = 2;
    static final byte EXIT = 3;
    static final byte WATCH = 4;
    static final byte UNWATCH = 5;
    static final byte DOWN = 6;
    static final byte STOP = 7;

    private static final int MAX_CACHED = 4096;
    private static final ConcurrentHashMap<String, byte[]> UTF8 = new ConcurrentHashMap<>();
    private static final byte[] EMPTY = new byte[0];
    private static final int MAX_RECURRING = 256;
    private static final Spelling[] SPELLINGS = new Spelling[512];

    /** A frame read back. */
    record Frame(byte kind, long to, long watch, String type, String from, String node, byte[] body, int payload) {
        /** {@return the payload's length} */
        int payloadLength() {
            return body.length - payload;
        }

        /** {@return a copy of the payload} */
        byte[] payloadCopy() {
            return java.util.Arrays.copyOfRange(body, payload, body.length);
        }
    }

    private Frames() {
    }

    /** UTF-8 of a string that recurs (type names, node names), cached. */
    private static byte[] utf8(String s) {
        if (s == null || s.isEmpty()) {
            return EMPTY;
        }
        byte[] b = UTF8.get(s);
        if (b == null) {
            b = s.getBytes(StandardCharsets.UTF_8);
            if (UTF8.size() < MAX_CACHED) {
                UTF8.put(s, b);
            }
        }
        return b;
    }

    static byte[] encode(byte kind, long to, long watch, String type, String from, String node, byte[] payload) {
        byte[] t = utf8(type);
        byte[] f = from == null ? EMPTY : from.getBytes(StandardCharsets.UTF_8);
        byte[] n = utf8(node);
        // One array of exactly the frame's size: the payload is copied once, and nothing is trimmed after.
        byte[] out = new byte[2 + varlongSize(to + 1) + varlongSize(watch + 1) + varlongSize(t.length) + t.length
                + varlongSize(f.length) + f.length + varlongSize(n.length) + n.length + payload.length];
        out[0] = VERSION;
        out[1] = kind;
        int i = varlong(out, 2, to + 1);
        i = varlong(out, i, watch + 1);
        i = string(out, i, t);
        i = string(out, i, f);
        i = string(out, i, n);
        System.arraycopy(payload, 0, out, i, payload.length);
        return out;
    }

    private static int varlongSize(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            n++;
            v >>>= 7;
        }
        return n;
    }

    private static int varlong(byte[] out, int i, long v) {
        while ((v & ~0x7FL) != 0) {
            out[i++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[i++] = (byte) v;
        return i;
    }

    private static int string(byte[] out, int i, byte[] s) {
        i = varlong(out, i, s.length);
        System.arraycopy(s, 0, out, i, s.length);
        return i + s.length;
    }

    /**
     * Reads a frame.
     *
     * @throws IllegalArgumentException if the bytes are not a frame of this version
     */
    static Frame decode(byte[] body) {
        if (body == null || body.length < 2 || body[0] != VERSION) {
            throw new IllegalArgumentException("not a frame of version " + VERSION);
        }
        int[] at = {2};
        long to = readVarlong(body, at) - 1;
        long watch = readVarlong(body, at) - 1;
        String type = readRecurring(body, at);
        String from = readString(body, at);
        String node = readRecurring(body, at);
        return new Frame(body[1], to, watch, type, from.isEmpty() ? null : from, node, body, at[0]);
    }

    private static long readVarlong(byte[] b, int[] at) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (at[0] >= b.length) {
                throw new IllegalArgumentException("a frame cut short");
            }
            byte x = b[at[0]++];
            v |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("a number of a frame is too long");
    }

    private static String readString(byte[] b, int[] at) {
        int n = readLength(b, at);
        String s = n == 0 ? "" : new String(b, at[0], n, StandardCharsets.UTF_8);
        at[0] += n;
        return s;
    }

    private static int readLength(byte[] b, int[] at) {
        long len = readVarlong(b, at);
        if (len < 0 || len > b.length - at[0]) {
            throw new IllegalArgumentException("a string of a frame is longer than the frame");
        }
        return (int) len;
    }

    /**
     * A string that recurs from frame to frame (a message type, a node name): the one {@code String} last
     * read with these bytes in its slot, so that reading a frame makes none, and the maps keyed by it find
     * its hash already computed. Slots are replaced, never grown; a race between readers only costs a
     * fresh string ({@link Spelling} is immutable, its fields final, so a slot read is whole).
     */
    private static String readRecurring(byte[] b, int[] at) {
        int n = readLength(b, at);
        int off = at[0];
        at[0] += n;
        if (n == 0) {
            return "";
        }
        if (n > MAX_RECURRING) {
            return new String(b, off, n, StandardCharsets.UTF_8);
        }
        int h = n;
        for (int i = off; i < off + n; i++) {
            h = 31 * h + b[i];
        }
        int slot = (h ^ (h >>> 16)) & (SPELLINGS.length - 1);
        Spelling s = SPELLINGS[slot];
        if (s != null && java.util.Arrays.equals(s.utf8(), 0, s.utf8().length, b, off, off + n)) {
            return s.text();
        }
        String text = new String(b, off, n, StandardCharsets.UTF_8);
        SPELLINGS[slot] = new Spelling(java.util.Arrays.copyOfRange(b, off, off + n), text);
        return text;
    }

    /** A recurring string and its UTF-8 bytes. */
    private record Spelling(byte[] utf8, String text) {
    }
}
