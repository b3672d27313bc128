package io.machinarium.cluster;

import io.nats.client.Message;
import io.nats.client.impl.Headers;

/**
 * What travels in the NATS headers of a frame: its kind (a message, or one of the actor signals), the
 * target actor's id on the receiving node, the sender (an actor reference as text, or a node name), the
 * message's type and, for watches, the watch's id. A frame's body is the encoded message, or for an exit,
 * a down or a stop the exit reason.
 */
final class Frames {
    static final String KIND = "mc-k";
    static final String TO = "mc-to";
    static final String FROM = "mc-from";
    static final String NODE = "mc-node";
    static final String TYPE = "mc-t";
    static final String WATCH = "mc-w";

    static final String MESSAGE = "m";
    static final String LINK = "link";
    static final String UNLINK = "unlink";
    static final String EXIT = "exit";
    static final String WATCH_KIND = "watch";
    static final String UNWATCH = "unwatch";
    static final String DOWN = "down";
    static final String STOP = "stop";

    private Frames() {
    }

    static Headers message(String type, long to, String fromNode) {
        Headers h = new Headers().add(KIND, MESSAGE).add(TYPE, type).add(NODE, fromNode);
        if (to >= 0) {
            h.add(TO, Long.toString(to));
        }
        return h;
    }

    static Headers signal(String kind, long to, String from, String fromNode) {
        Headers h = new Headers().add(KIND, kind).add(TO, Long.toString(to)).add(NODE, fromNode);
        if (from != null) {
            h.add(FROM, from);
        }
        return h;
    }

    static String get(Message m, String header) {
        Headers h = m.getHeaders();
        return h == null ? null : h.getFirst(header);
    }

    /** The header as a number, or -1 when absent or not a number. */
    static long number(Message m, String header) {
        String v = get(m, header);
        if (v == null || v.isEmpty() || v.length() > 19) {
            return -1;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
