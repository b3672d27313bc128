package io.machinarium.bench.remote;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import java.nio.charset.StandardCharsets;

/**
 * JVM B of the raw jnats anchor in the {@code remote} scenario: one connection with jnats's default
 * options and one dispatcher, which answers every request on {@value #ECHO} with its payload and counts
 * the payloads published on {@value #SINK} (a run starts with a message whose reply subject is where the
 * acknowledgements go and whose body is the total), acknowledging them as {@link Workload} says. The
 * ceiling of what ours can do over the same server: no actors, no headers, no codec.
 */
public final class NatsEcho {
    static final String ECHO = "bench.echo";
    static final String SINK = "bench.sink";

    private NatsEcho() {
    }

    /**
     * Runs JVM B.
     *
     * @param args the nats-server's URL
     * @throws Exception if it cannot connect, or standard input fails
     */
    public static void main(String[] args) throws Exception {
        try (Connection c = Nats.connect(args[0])) {
            Dispatcher d = c.createDispatcher();
            d.subscribe(ECHO, m -> c.publish(m.getReplyTo(), m.getData()));
            long[] run = new long[2];  // total, count: only the dispatcher's thread touches them
            String[] acks = new String[1];
            d.subscribe(SINK, m -> {
                if (m.getReplyTo() != null) {
                    acks[0] = m.getReplyTo();
                    run[0] = Long.parseLong(new String(m.getData(), StandardCharsets.US_ASCII));
                    run[1] = 0;
                    return;
                }
                Workload.check(m.getData());
                if (Workload.ackDue(++run[1], run[0])) {
                    c.publish(acks[0], Long.toString(run[1]).getBytes(StandardCharsets.US_ASCII));
                }
            });
            c.flush(java.time.Duration.ofSeconds(10));  // the subscriptions are known to the server
            Commands.serveUntilStdinCloses();
        }
    }
}
