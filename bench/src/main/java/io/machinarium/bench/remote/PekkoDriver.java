package io.machinarium.bench.remote;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.PoisonPill;
import org.apache.pekko.actor.Props;

/**
 * JVM A of the Pekko anchor in the {@code remote} scenario: an actor system with Artery TCP that finds B's
 * actors by path and runs each command of {@link Commands} in a classic actor of its own. A round trip is
 * Pekko's cheapest way to wait for an answer: the actor sends the payload and sends the next one when the
 * answer arrives (an {@code ask} would make a temporary actor per request and be slower). Payloads go
 * under the window of {@link Workload}, sent as acknowledgements free it.
 */
public final class PekkoDriver implements Commands.Driver {
    private static final long RUN_TIMEOUT_MINUTES = 10;
    private static final Object GO = "go";

    private final ActorSystem system;
    private final ActorRef echo;
    private final ActorRef sink;

    private PekkoDriver(ActorSystem system, ActorRef echo, ActorRef sink) {
        this.system = system;
        this.echo = echo;
        this.sink = sink;
    }

    /**
     * Runs JVM A.
     *
     * @param args the port B's Artery listens on
     * @throws Exception if B's actors cannot be found, or standard input fails
     */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        ActorSystem system = PekkoRemoting.start(0);
        try {
            Commands.drive(new PekkoDriver(system, resolve(system, port, PekkoRemoting.ECHO),
                    resolve(system, port, PekkoRemoting.SINK)));
        } finally {
            PekkoRemoting.stop(system);
        }
    }

    private static ActorRef resolve(ActorSystem system, int port, String name) throws Exception {
        return system.actorSelection(PekkoRemoting.path(port, name)).resolveOne(PekkoRemoting.RESOLVE)
                .toCompletableFuture().get(PekkoRemoting.RESOLVE.toSeconds() + 5, TimeUnit.SECONDS);
    }

    @Override
    public double roundTrips(int n) throws Exception {
        CompletableFuture<Long> done = new CompletableFuture<>();
        return (run(Props.create(Pinger.class, () -> new Pinger(echo, n, done)), done)) / n;
    }

    @Override
    public double tells(int m) throws Exception {
        CompletableFuture<Long> done = new CompletableFuture<>();
        return m / (run(Props.create(Sender.class, () -> new Sender(sink, m, done)), done) / 1e9);
    }

    /** Starts the actor, says go, and waits for its end: nanoseconds from go to {@code done}'s stamp. */
    private double run(Props props, CompletableFuture<Long> done) throws Exception {
        ActorRef actor = system.actorOf(props);
        try {
            long t0 = System.nanoTime();
            actor.tell(GO, ActorRef.noSender());
            return done.get(RUN_TIMEOUT_MINUTES, TimeUnit.MINUTES) - t0;
        } finally {
            actor.tell(PoisonPill.getInstance(), ActorRef.noSender());
        }
    }

    /** Round trips one after the other; completes {@code done} with a nanoTime stamp after the n-th. */
    static final class Pinger extends AbstractActor {
        private final ActorRef echo;
        private final int n;
        private final CompletableFuture<Long> done;
        private final Blob payload = new Blob(Workload.payload());
        private int back;

        Pinger(ActorRef echo, int n, CompletableFuture<Long> done) {
            this.echo = echo;
            this.n = n;
            this.done = done;
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder()
                    .matchEquals(GO, g -> echo.tell(payload, getSelf()))
                    .match(Blob.class, b -> {
                        Workload.check(b.bytes());
                        if (++back == n) {
                            done.complete(System.nanoTime());
                        } else {
                            echo.tell(payload, getSelf());
                        }
                    })
                    .build();
        }
    }

    /** Announces m payloads, sends them under the window, completes {@code done} on the last ack. */
    static final class Sender extends AbstractActor {
        private final ActorRef sink;
        private final long m;
        private final CompletableFuture<Long> done;
        private final Blob payload = new Blob(Workload.payload());
        private long sent;
        private long acked;

        Sender(ActorRef sink, long m, CompletableFuture<Long> done) {
            this.sink = sink;
            this.m = m;
            this.done = done;
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder()
                    .matchEquals(GO, g -> {
                        sink.tell(m, getSelf());
                        fill();
                    })
                    .match(Long.class, a -> {
                        acked = a;
                        if (acked == m) {
                            done.complete(System.nanoTime());
                        } else {
                            fill();
                        }
                    })
                    .build();
        }

        private void fill() {
            while (sent < m && sent - acked < Workload.WINDOW) {
                sink.tell(payload, getSelf());
                sent++;
            }
        }
    }
}
