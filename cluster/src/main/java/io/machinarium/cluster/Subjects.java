package io.machinarium.cluster;

import java.util.regex.Pattern;

/**
 * The NATS subjects of one cluster, all under {@code mc.<cluster>.}: a node's own subject (messages and
 * signals for its actors by address), a registered name's subject (its holder subscribes), a service
 * group's subject (its members subscribe in a queue group), the heartbeat subject, and a node's reply
 * subjects (one per pending request, so that a late reply can never answer a later request).
 *
 * <p>Names of clusters, nodes, registered actors and groups are NATS subject tokens and JetStream keys
 * at once, so they are restricted to letters, digits, {@code _} and {@code -}.
 */
final class Subjects {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,200}");

    private final String prefix;
    private final String cluster;

    Subjects(String cluster) {
        this.cluster = check("cluster", cluster);
        this.prefix = "mc." + cluster + ".";
    }

    /**
     * Checks a name that becomes a subject token.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static String check(String what, String name) {
        if (name == null || !TOKEN.matcher(name).matches()) {
            throw new IllegalArgumentException("a " + what + " name must be 1 to 200 letters, digits, '_' or '-', not "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        return name;
    }

    String cluster() {
        return cluster;
    }

    String node(String node) {
        return prefix + "node." + node;
    }

    String name(String name) {
        return prefix + "name." + name;
    }

    String group(String group) {
        return prefix + "group." + group;
    }

    String heartbeats() {
        return prefix + "hb";
    }

    /**
     * Where NATS's status reply lands for a one-way send of {@code node} that nobody received ("no
     * responders"); sequence 0 for sends that are only counted, another for one whose message is kept.
     */
    String undelivered(String node, long seq) {
        return prefix + "undelivered." + node + "." + seq;
    }

    String undeliveredAll(String node) {
        return prefix + "undelivered." + node + ".*";
    }

    /** The sequence of an undelivered subject, or -1. */
    long undeliveredSeq(String node, String subject) {
        String head = prefix + "undelivered." + node + ".";
        if (subject == null || !subject.startsWith(head)) {
            return -1;
        }
        try {
            return Long.parseLong(subject.substring(head.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    String replies(String node) {
        return prefix + "reply." + node + ".*";
    }

    String reply(String node, long id) {
        return prefix + "reply." + node + "." + id;
    }

    /**
     * The request id of a reply subject of {@code node}.
     *
     * @return the id, or -1 if the subject is not one of the node's reply subjects
     */
    long replyId(String node, String subject) {
        String head = prefix + "reply." + node + ".";
        if (subject == null || !subject.startsWith(head)) {
            return -1;
        }
        String tail = subject.substring(head.length());
        if (tail.isEmpty() || tail.length() > 18) {
            return -1;
        }
        for (int i = 0; i < tail.length(); i++) {
            if (!Character.isDigit(tail.charAt(i))) {
                return -1;
            }
        }
        return Long.parseLong(tail);
    }

    /** The node of a reply subject of this cluster, or null if {@code subject} is not one. */
    String replyNode(String subject) {
        int from = prefix.length() + "reply.".length();
        return isReply(subject) ? subject.substring(from, subject.indexOf('.', from)) : null;
    }

    /** Whether {@code subject} is a reply subject of some node of this cluster. */
    boolean isReply(String subject) {
        String head = prefix + "reply.";
        if (subject == null || !subject.startsWith(head)) {
            return false;
        }
        int dot = subject.indexOf('.', head.length());
        return dot > head.length() && isToken(subject, head.length(), dot)
                && replyId(subject.substring(head.length(), dot), subject) >= 0;
    }

    /**
     * Whether {@code s[from, to)} is a name token (see {@link #check}). Every subject this node publishes to
     * is made of such tokens; jnats validates them once more as it publishes.
     */
    private static boolean isToken(String s, int from, int to) {
        if (to - from > 200) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** The JetStream key-value bucket of the registry. */
    String namesBucket() {
        return "mc_" + cluster + "_names";
    }
}
