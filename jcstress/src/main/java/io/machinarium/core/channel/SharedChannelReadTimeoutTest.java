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
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The whole read path of a {@link SharedChannel}: a read with an already expired timeout (it registers,
 * times out at once and abandons its hand-off) races a write. r1: what the read returned (0 if it timed
 * out); r2: what a later poll finds (0 for nothing). The message must end up in exactly one place.
 */
@JCStressTest
@Description("SharedChannel: a write races a read timing out; the message is read or stays queued, once.")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "The read got the message (queued or handed off).")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "The read timed out; the message stayed queued.")
@Outcome(expect = FORBIDDEN, desc = "The message was lost, duplicated, or the read failed otherwise.")
@State
public class SharedChannelReadTimeoutTest {
    private final SharedChannel<Integer> channel = new SharedChannel<>();

    /** The writer. */
    @Actor
    public void writer() {
        channel.write(1);
    }

    /** A reader whose deadline has passed as soon as it waits. */
    @Actor
    public void reader(II_Result r) {
        try {
            r.r1 = channel.read(Duration.ZERO);
        } catch (TimedOutException e) {
            r.r1 = 0;
        } catch (RuntimeException e) {
            r.r1 = -1;
        }
    }

    /** Looks for a message left behind. */
    @Arbiter
    public void leftover(II_Result r) {
        Integer m = channel.poll();
        r.r2 = m == null ? 0 : m;
    }
}
