package io.machinarium.core.channel;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Two writers of a {@link SharedChannel} race on its spin lock; afterwards a reader polls three times.
 * r1, r2, r3: the polled messages (0 for none).
 */
@JCStressTest
@Description("SharedChannel: two concurrent writes; both messages are queued once, none lost or doubled.")
@Outcome(id = "1, 2, 0", expect = ACCEPTABLE, desc = "Writer 1 went first.")
@Outcome(id = "2, 1, 0", expect = ACCEPTABLE, desc = "Writer 2 went first.")
@Outcome(expect = FORBIDDEN, desc = "A message was lost or duplicated.")
@State
public class SharedChannelWritersTest {
    private final SharedChannel<Integer> channel = new SharedChannel<>();

    /** First writer. */
    @Actor
    public void writer1() {
        channel.write(1);
    }

    /** Second writer. */
    @Actor
    public void writer2() {
        channel.write(2);
    }

    /** Drains the channel. */
    @Arbiter
    public void reader(III_Result r) {
        r.r1 = poll();
        r.r2 = poll();
        r.r3 = poll();
    }

    private int poll() {
        Integer m = channel.poll();
        return m == null ? 0 : m;
    }
}
