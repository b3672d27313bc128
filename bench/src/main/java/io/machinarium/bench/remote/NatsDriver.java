package io.machinarium.bench.remote;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * JVM A of the raw jnats anchor in the {@code remote} scenario: one connection with jnats's default
 * options; round trips are {@code Connection.request} calls one after the other from one thread, payloads
 * are {@code publish}es from one thread under the window of {@link Workload}, the acknowledgements
 * arriving on a dispatcher.
 */
public final class NatsDriver implements Commands.Driver {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final Connection connection;
    private final byte[] payload = Workload.payload();

    private NatsDriver(Connection connection) {
        this.connection = connection;
    }

    /**
     * Runs JVM A.
     *
     * @param args the nats-server's URL
     * @throws Exception if it cannot connect, or standard input fails
     */
    public static void main(String[] args) throws Exception {
        try (Connection c = Nats.connect(args[0])) {
            Commands.drive(new NatsDriver(c));
        }
    }

    @Override
    public double roundTrips(int n) throws Exception {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Message back = connection.request(NatsEcho.ECHO, payload, REQUEST_TIMEOUT);
            if (back == null) {
                throw new IllegalStateException("no reply within " + REQUEST_TIMEOUT + " to request " + i);
            }
            Workload.check(back.getData());
        }
        return (double) (System.nanoTime() - t0) / n;
    }

    @Override
    public double tells(int m) throws Exception {
        Semaphore window = new Semaphore(Workload.WINDOW);
        CompletableFuture<Long> done = new CompletableFuture<>();
        long[] acked = new long[1];  // only the dispatcher's thread touches it
        String inbox = connection.createInbox();
        Dispatcher d = connection.createDispatcher(a -> {
            long now = Long.parseLong(new String(a.getData(), StandardCharsets.US_ASCII));
            window.release((int) (now - acked[0]));
            acked[0] = now;
            if (now == m) {
                done.complete(System.nanoTime());
            }
        });
        d.subscribe(inbox);
        try {
            connection.flush(REQUEST_TIMEOUT);  // the acknowledgements' subscription is known to the server
            long t0 = System.nanoTime();
            connection.publish(NatsEcho.SINK, inbox, Long.toString(m).getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < m; i++) {
                if (!window.tryAcquire(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no acknowledgement within " + ACK_TIMEOUT_SECONDS + " s after "
                            + i + " payloads");
                }
                connection.publish(NatsEcho.SINK, payload);
            }
            return m / ((done.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS) - t0) / 1e9);
        } finally {
            connection.closeDispatcher(d);
        }
    }
}
