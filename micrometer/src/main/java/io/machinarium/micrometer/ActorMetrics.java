package io.machinarium.micrometer;

import io.machinarium.actors.ActorSystem;
import io.machinarium.actors.MailboxStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Micrometer meters of an actor system, tagged {@code system}: {@code machinarium.actors.live},
 * {@code machinarium.actors.mailbox.queued} (messages waiting in all mailboxes),
 * {@code machinarium.actors.mailbox.longest}, and the counters {@code machinarium.actors.restarts} and
 * {@code machinarium.actors.dead.letters}. The mailbox gauges come from a snapshot each machine makes on
 * its own thread ({@link ActorSystem#mailboxes}); the reading thread waits for it up to 1 s, and reuses it
 * for a second, so a scrape costs one snapshot. Needs the {@code machinarium-actors} artifact.
 *
 * @since 0.1.0
 */
public final class ActorMetrics implements MeterBinder {
    private static final long SNAPSHOT_AGE_NANOS = Duration.ofSeconds(1).toNanos();
    private final ActorSystem system;
    private final String name;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile MailboxStats last;
    private volatile long lastAt;

    /**
     * Creates the binder.
     *
     * @param system the actor system to measure
     * @param name its name, the {@code system} tag
     */
    public ActorMetrics(ActorSystem system, String name) {
        this.system = system;
        this.name = name;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags tags = Tags.of("system", name);
        Gauge.builder("machinarium.actors.live", system, ActorSystem::liveActors).tags(tags)
                .description("actors alive").register(registry);
        Gauge.builder("machinarium.actors.mailbox.queued", this, x -> x.snapshot().queued()).tags(tags)
                .strongReference(true)  // the registry keeps this binder alive; a weak reference would read NaN
                .description("messages waiting in the mailboxes").register(registry);
        Gauge.builder("machinarium.actors.mailbox.longest", this, x -> x.snapshot().longest()).tags(tags)
                .strongReference(true)
                .description("messages waiting in the longest mailbox").register(registry);
        FunctionCounter.builder("machinarium.actors.restarts", system, ActorSystem::restartCount).tags(tags)
                .description("children restarted by supervisors").register(registry);
        FunctionCounter.builder("machinarium.actors.dead.letters", system, ActorSystem::deadLetterCount).tags(tags)
                .description("messages that reached no actor").register(registry);
    }

    /** The last snapshot, refreshed by one reader at a time when older than a second (no monitor held). */
    private MailboxStats snapshot() {
        MailboxStats s = last;
        long now = System.nanoTime();
        if ((s == null || now - lastAt > SNAPSHOT_AGE_NANOS) && refreshing.compareAndSet(false, true)) {
            try {
                s = system.mailboxes(Duration.ofSeconds(1));
                last = s;
                lastAt = now;
            } finally {
                refreshing.set(false);
            }
        }
        return s != null ? s : new MailboxStats(0, 0, 0);
    }
}
