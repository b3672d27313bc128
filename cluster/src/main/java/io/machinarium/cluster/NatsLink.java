package io.machinarium.cluster;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.MessageHandler;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's NATS connection: the options made from the configuration (servers for failover,
 * credentials, TLS), one dispatcher thread for everything that arrives (so that frames from one node are
 * handled in the order they were sent), and the publishing that every route uses.
 *
 * <p>Publishing never blocks a machine: jnats queues the bytes for its writer thread and, when the queue is
 * full or the connection is gone for longer than its reconnect buffer holds, the message is refused at once
 * — counted, and the sender's message becomes a dead letter. While the connection is being re-established,
 * jnats buffers what is published (its reconnect buffer) and sends it after the reconnect: what was in
 * flight when the connection broke may be lost, so a tell is at most once.
 *
 * <p>Thread safety: any thread.
 */
final class NatsLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NatsLink.class);

    private final Connection connection;
    private final Dispatcher dispatcher;
    private final ClusterCounters counters;
    private volatile long maxPayload;

    NatsLink(ClusterConfig config, ClusterCounters counters, Consumer<ConnectionListener.Events> events)
            throws IOException, InterruptedException {
        this.counters = counters;
        Options.Builder o = new Options.Builder()
                .servers(config.servers().toArray(String[]::new))
                .connectionName(config.cluster() + "/" + config.node())
                .connectionTimeout(config.connectTimeout())
                .reconnectWait(config.reconnectWait())
                .reconnectJitter(Duration.ofMillis(config.reconnectWait().toMillis() / 4))
                .maxReconnects(-1)
                .pingInterval(Duration.ofSeconds(2))
                .maxPingsOut(2)
                .discardMessagesWhenOutgoingQueueFull()
                // jnats's own subject validation stays on, beside ours (Subjects.check, Subjects.isReply): skipping
                // it measured no gain here, and it is the last guard against a subject that would break the wire
                .maxMessagesInOutgoingQueue(65_536)
                .connectionListener((c, e) -> {
                    if (e == ConnectionListener.Events.RECONNECTED) {
                        counters.reconnects.increment();
                        maxPayload = c.getMaxPayload();
                    }
                    LOG.debug("NATS connection {}: {}", config.node(), e);
                    events.accept(e);
                })
                .errorListener(new ErrorListener() {
                    @Override
                    public void slowConsumerDetected(Connection c, io.nats.client.Consumer consumer) {
                        counters.slowConsumers.increment();
                        LOG.warn("node '{}' is a slow consumer: NATS dropped messages it could not take fast enough"
                                + " (pending limit {} messages)", config.node(), config.pendingLimit());
                    }

                    @Override
                    public void messageDiscarded(Connection c, io.nats.client.Message m) {
                        counters.discarded.increment();
                    }

                    @Override
                    public void errorOccurred(Connection c, String error) {
                        LOG.warn("NATS server error for node '{}': {}", config.node(), error);
                    }

                    @Override
                    public void exceptionOccurred(Connection c, Exception e) {
                        LOG.debug("NATS connection of node '{}': {}", config.node(), e.toString());
                    }
                });
        if (config.user() != null) {
            o.userInfo(config.user().toCharArray(), config.password());
        } else if (config.token() != null) {
            o.token(config.token());
        } else if (config.credentials() != null) {
            o.authHandler(Nats.credentials(config.credentials().toString()));
        } else if (config.nkeySeed() != null) {
            o.authHandler(Nats.staticCredentials(null, config.nkeySeed()));
        }
        if (config.sslContext() != null) {
            o.sslContext(config.sslContext());
        }
        this.connection = Nats.connect(o.build());
        this.maxPayload = connection.getMaxPayload();
        this.dispatcher = connection.createDispatcher();
        this.dispatcher.setPendingLimits(config.pendingLimit(), 64L * config.pendingLimit() * 1024);
    }

    /** Subscribes on the one dispatcher thread. */
    Subscription subscribe(String subject, MessageHandler handler) {
        return dispatcher.subscribe(subject, handler);
    }

    /** Subscribes as a member of a queue group: each message goes to one member of the group. */
    Subscription subscribe(String subject, String queue, MessageHandler handler) {
        return dispatcher.subscribe(subject, queue, handler);
    }

    /**
     * Stops a subscription without losing what is on its way: the server is told, and messages it sent
     * before it learned still reach the handler; the returned future completes once they have.
     */
    java.util.concurrent.CompletableFuture<Boolean> drain(Subscription s) {
        try {
            return s.drain(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unsubscribe(s);
            return java.util.concurrent.CompletableFuture.completedFuture(false);
        } catch (IllegalStateException e) {
            return java.util.concurrent.CompletableFuture.completedFuture(false);  // closing: it ends with it
        }
    }

    void unsubscribe(Subscription s) {
        try {
            dispatcher.unsubscribe(s);
        } catch (IllegalStateException e) {
            // the connection is closing: the subscription ends with it
        }
    }

    /** Messages NATS dropped because this node's dispatcher fell behind by more than its pending limit. */
    long droppedBySlowConsumer() {
        return dispatcher.getDroppedCount();
    }

    /** The largest message the servers take, headers included. */
    long maxPayload() {
        return maxPayload;
    }

    /**
     * Publishes an actor's message or signal, counted in {@link ClusterStats#messagesSent()}; never blocks.
     *
     * @return null if the message was queued, else why not (one sentence)
     */
    String publish(String subject, String replyTo, byte[] body) {
        String refused = publishUncounted(subject, replyTo, body);
        if (refused == null) {
            counters.sent.increment();
            counters.bytesSent.add(body.length);
        }
        return refused;
    }

    /**
     * Publishes the cluster's own traffic (heartbeats), which the message counters leave out; never blocks.
     *
     * @return null if the message was queued, else why not (one sentence)
     */
    String publishUncounted(String subject, String replyTo, byte[] body) {
        try {
            connection.publish(subject, replyTo, body);
            return null;
        } catch (IllegalStateException | IllegalArgumentException e) {
            counters.refused.increment();
            return "NATS refused the message (" + connection.getStatus() + "): " + e.getMessage();
        }
    }

    /** Whether the connection is up now. */
    boolean isConnected() {
        return connection.getStatus() == Connection.Status.CONNECTED;
    }

    /** The server this node talks to now. */
    String connectedUrl() {
        return connection.getConnectedUrl();
    }

    Connection connection() {
        return connection;
    }

    /** Sends what is queued and waits (blocking the caller) until the server has it, at most {@code timeout}. */
    void flush(Duration timeout) {
        try {
            connection.flush(timeout);
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.debug("flush timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
