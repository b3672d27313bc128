package io.machinarium.bench.remote;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;

/**
 * The Pekko side's actor systems: classic actors with Pekko's remoting, Artery over TCP on loopback
 * ({@code pekko-remote}, {@code pekko.remote.artery.transport = tcp}), every other setting Pekko's default;
 * {@link Blob} goes through {@link PekkoBlobSerializer}, the counts ({@code Long}) through Pekko's own
 * serializer for them. Both JVMs' systems are named {@value #SYSTEM}.
 */
final class PekkoRemoting {
    static final String SYSTEM = "bench";
    static final String ECHO = "echo";
    static final String SINK = "sink";
    /** How long B's actors may take to be found. */
    static final Duration RESOLVE = Duration.ofSeconds(30);

    private PekkoRemoting() {
    }

    /**
     * Starts an actor system whose remoting listens on 127.0.0.1.
     *
     * @param port the port, or 0 for any
     * @return the system
     */
    static ActorSystem start(int port) {
        Config c = ConfigFactory.parseString("""
                pekko {
                  loglevel = WARNING
                  stdout-loglevel = WARNING
                  log-dead-letters = off
                  actor {
                    provider = remote
                    serializers.bench-blob = "%s"
                    serialization-bindings { "%s" = bench-blob }
                  }
                  remote {
                    warn-about-direct-use = off
                    artery {
                      transport = tcp
                      canonical.hostname = "127.0.0.1"
                      canonical.port = %d
                    }
                  }
                }
                """.formatted(PekkoBlobSerializer.class.getName(), Blob.class.getName(), port))
                .withFallback(ConfigFactory.load());
        return ActorSystem.create(SYSTEM, c);
    }

    /** {@return the path of B's actor {@code name} on {@code port}} */
    static String path(int port, String name) {
        return "pekko://" + SYSTEM + "@127.0.0.1:" + port + "/user/" + name;
    }

    /** Terminates a system and waits for it (a minute at most). */
    static void stop(ActorSystem system) {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException("Pekko did not terminate", e);
        }
    }
}
