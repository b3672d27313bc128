package io.machinarium.actors;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where undeliverable messages of one actor system end: counted, logged at debug, and handed to the
 * listeners ({@link ActorSystem#onDeadLetter}). Nothing is dropped without passing here.
 *
 * <p>Thread safety: any thread; a listener runs on the thread that produced the letter.
 */
final class DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final AtomicLong count = new AtomicLong();
    private final CopyOnWriteArrayList<Consumer<DeadLetter>> listeners = new CopyOnWriteArrayList<>();

    AutoCloseable subscribe(Consumer<DeadLetter> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    long count() {
        return count.get();
    }

    void add(ActorRef<?> recipient, Object message, String reason) {
        count.incrementAndGet();
        LOG.debug("dead letter to {}: {} ({})", recipient.name(), message, reason);
        if (!listeners.isEmpty()) {
            DeadLetter letter = new DeadLetter(recipient, message, reason);
            for (Consumer<DeadLetter> l : listeners) {
                try {
                    l.accept(letter);
                } catch (RuntimeException e) {
                    LOG.warn("a dead-letter listener failed", e);
                }
            }
        }
    }
}
