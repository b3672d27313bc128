package io.machinarium.core.channel;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.machinarium.core.TimedOutException;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The waiting write's hand-off: a {@link SharedChannel#put} with an already expired timeout on a channel
 * full at its hard limit of 1 (it registers, times out at once and tries to take its message back) races a
 * poll that makes room and lets the longest-waiting put in. r1: 1 if the put returned, 0 if it timed out;
 * r2: what the poll took; r3: what is left in the channel afterwards (0 for nothing). A put that returned
 * must have its message in the channel; one that timed out must not.
 */
@JCStressTest
@Description("SharedChannel: a put timing out races a poll that lets it in; its message is in the channel "
        + "exactly when the put returned.")
@Outcome(id = "1, 1, 2", expect = ACCEPTABLE, desc = "The poll made room first, or let the waiting put in.")
@Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "The put timed out and kept its message.")
@Outcome(expect = FORBIDDEN, desc = "A message lost, duplicated, or taken from a writer told it was not.")
@State
public class SharedChannelPutTimeoutTest {
    private final SharedChannel<Integer> channel = new SharedChannel<>(LimitPolicy.hard(1));

    /** Fills the channel to its limit. */
    public SharedChannelPutTimeoutTest() {
        channel.write(1);
    }

    /** A writer whose deadline has passed as soon as it waits. */
    @Actor
    public void writer(III_Result r) {
        try {
            channel.put(2, Duration.ZERO);
            r.r1 = 1;
        } catch (TimedOutException e) {
            r.r1 = 0;
        } catch (RuntimeException e) {
            r.r1 = -1;
        }
    }

    /** A reader that makes room. */
    @Actor
    public void reader(III_Result r) {
        Integer m = channel.poll();
        r.r2 = m == null ? 0 : m;
    }

    /** Looks at what the channel kept. */
    @Arbiter
    public void leftover(III_Result r) {
        Integer m = channel.poll();
        r.r3 = m == null ? 0 : m;
        if (channel.poll() != null) {
            r.r3 = -1;
        }
    }
}
