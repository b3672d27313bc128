package io.machinarium.bench.remote;

import java.io.IOException;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;

/**
 * JVM B of the Pekko anchor in the {@code remote} scenario: an actor system listening with Artery TCP,
 * with two classic actors — {@code echo} sends every {@link Blob} back to its sender, {@code sink} counts
 * the payloads of a run (announced by a {@code Long}, the total) and acknowledges them to their sender as
 * {@link Workload} says. Serves until standard input closes ({@link Commands}).
 */
public final class PekkoEcho {
    private PekkoEcho() {
    }

    /**
     * Runs JVM B.
     *
     * @param args the port Artery listens on
     * @throws IOException if standard input fails
     */
    public static void main(String[] args) throws IOException {
        ActorSystem system = PekkoRemoting.start(Integer.parseInt(args[0]));
        try {
            system.actorOf(Props.create(Echo.class, Echo::new), PekkoRemoting.ECHO);
            system.actorOf(Props.create(Sink.class, Sink::new), PekkoRemoting.SINK);
            Commands.serveUntilStdinCloses();
        } finally {
            PekkoRemoting.stop(system);
        }
    }

    /** Sends every payload back. */
    static final class Echo extends AbstractActor {
        @Override
        public Receive createReceive() {
            return receiveBuilder().match(Blob.class, b -> getSender().tell(b, getSelf())).build();
        }
    }

    /** Counts a run's payloads and acknowledges them. */
    static final class Sink extends AbstractActor {
        private long total;
        private long count;

        @Override
        public Receive createReceive() {
            return receiveBuilder()
                    .match(Long.class, t -> {
                        total = t;
                        count = 0;
                    })
                    .match(Blob.class, b -> {
                        Workload.check(b.bytes());
                        if (Workload.ackDue(++count, total)) {
                            getSender().tell(count, ActorRef.noSender());
                        }
                    })
                    .build();
        }
    }
}
