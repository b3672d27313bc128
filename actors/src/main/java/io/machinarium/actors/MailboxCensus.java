package io.machinarium.actors;

import io.machinarium.core.Machinarium;
import io.machinarium.core.Machine;
import io.machinarium.core.RejectedException;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.channel.SharedChannel;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A snapshot of every mailbox of an actor system: each machine counts its own actors' queues on its thread
 * (a mailbox is read only by its machine), and the caller adds up the answers that came in time.
 */
final class MailboxCensus {
    private static final Logger LOG = LoggerFactory.getLogger(ActorSystem.class);

    private MailboxCensus() {
    }

    /** Asks every machine, waits up to {@code timeout} for the answers; a machine that is late is left out. */
    static MailboxStats take(Machinarium runtime, Function<Machine, LiveActors> live, Duration timeout) {
        SharedChannel<long[]> answers = new SharedChannel<>();
        int asked = 0;
        for (Machine m : runtime.machines()) {
            try {
                m.execute(() -> {
                    long[] r = new long[3];
                    live.apply(m).forEach(c -> {
                        int n = c.mailbox.size();
                        r[0]++;
                        r[1] += n;
                        r[2] = Math.max(r[2], n);
                    });
                    answers.write(r);
                });
                asked++;
            } catch (RejectedException e) {
                LOG.debug("machine {} has stopped; its actors are not counted", m.name());
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long actors = 0;
        long queued = 0;
        long longest = 0;
        for (int i = 0; i < asked; i++) {
            long[] r;
            try {
                r = answers.read(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            } catch (TimedOutException e) {
                break;
            }
            actors += r[0];
            queued += r[1];
            longest = Math.max(longest, r[2]);
        }
        return new MailboxStats(actors, queued, longest);
    }
}
