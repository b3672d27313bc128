package io.machinarium.core.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.machinarium.core.TimedOutException;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * {@link WaitList#wakeOne(java.util.function.Consumer)} against a waiter whose wait expires at once: the
 * callback runs exactly for a waiter that returns notified, and that waiter sees what the callback handed
 * it. r1: the waiter, 0 timed out, 1 notified and saw the hand-over, 2 notified without it; r2: the
 * notifier, 1 if it took a waiter (its callback ran), else 0.
 */
@JCStressTest
@Description("WaitList: notify-with-callback races a wait's timeout; nothing handed over is lost.")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The wait timed out before the notifier came; no callback.")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The notifier took the waiter; it returned with the value.")
@Outcome(id = "0, 1", expect = FORBIDDEN, desc = "The callback handed something to a wait that timed out.")
@Outcome(id = "2, 1", expect = FORBIDDEN, desc = "The waiter returned before the callback's hand-over.")
@Outcome(expect = FORBIDDEN, desc = "Anything else.")
@State
public class WaitListNotifyCallbackTest {
    private final WaitList<int[]> list = new WaitList<>();
    private final int[] slot = new int[1];

    /** Waits with a timeout that expires at once, publishing its slot. */
    @Actor
    public void waiter(II_Result r) {
        try {
            list.await(slot, Duration.ZERO);
            r.r1 = slot[0] == 1 ? 1 : 2;
        } catch (TimedOutException e) {
            r.r1 = 0;
        }
    }

    /** Hands 1 to whichever waiter it takes. */
    @Actor
    public void notifier(II_Result r) {
        r.r2 = list.wakeOne(s -> s[0] = 1) ? 1 : 0;
    }
}
