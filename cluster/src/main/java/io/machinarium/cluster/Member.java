package io.machinarium.cluster;

/**
 * A node of the cluster as this node sees it.
 *
 * @param node the node's name
 * @param incarnation a number that changes each time the node starts: a node that comes back under the
 *     same name is a new member
 * @param up whether it is alive (it sends heartbeats) as far as this node knows
 * @since 0.1.0
 */
public record Member(String node, long incarnation, boolean up) {
}
