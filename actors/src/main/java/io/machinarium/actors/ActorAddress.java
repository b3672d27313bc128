package io.machinarium.actors;

import java.util.Objects;

/**
 * Where an actor lives: the node (an {@link ActorSystem}, one per process unless a program makes more)
 * and the actor's number on that node. Two references to the same actor have equal addresses, wherever
 * they were made; links, monitors and the registry key actors by it. An address is plain data, so it
 * can be written into a message that leaves the process.
 *
 * <p>An address names one incarnation: an actor restarted by its supervisor gets a new one, as an
 * Erlang process restarted by its supervisor gets a new pid.
 *
 * @param node the name of the node that hosts the actor ({@link ActorSystem#node()})
 * @param id the actor's number on that node, unique for the node's life
 * @since 0.1.0
 */
public record ActorAddress(String node, long id) {
    /** Checks the components. */
    public ActorAddress {
        Objects.requireNonNull(node, "node");
    }

    /** {@return a hash of node and id; every {@link ActorRef} uses the same one} */
    @Override
    public int hashCode() {
        return hash(node, id);
    }

    static int hash(String node, long id) {
        return node.hashCode() * 31 + Long.hashCode(id);
    }

    @Override
    public String toString() {
        return node + "/" + id;
    }
}
