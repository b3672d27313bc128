package io.machinarium.cluster;

import io.machinarium.actors.ActorRef;

/** Messages the cluster tests send between nodes. */
final class TestMessages {
    private TestMessages() {
    }

    /** What the test actors understand. */
    sealed interface Cmd permits Say, Echo, Seq, Slow, Crash, Who, Forward {
    }

    /** A one-way message. */
    record Say(String text) implements Cmd {
    }

    /** Asks for the text back. */
    record Echo(String text, ActorRef<String> replyTo) implements Cmd {
    }

    /** The n-th of a sequence (ordering). */
    record Seq(String from, int n) implements Cmd {
    }

    /** Replies after a pause (late replies). */
    record Slow(long millis, ActorRef<String> replyTo) implements Cmd {
    }

    /** Makes the actor throw. */
    record Crash(String why) implements Cmd {
    }

    /** Asks which node and actor served it (groups). */
    record Who(ActorRef<String> replyTo) implements Cmd {
    }

    /** Carries a reference to another actor (references inside messages). */
    record Forward(ActorRef<Cmd> to, Cmd what) implements Cmd {
    }
}
