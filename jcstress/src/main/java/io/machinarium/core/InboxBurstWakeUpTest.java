package io.machinarium.core;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Two senders race to a machine that has parked in {@link Inbox}: the first to find it parked clears the
 * flag and wakes it, the other sees it cleared. r1: wake-ups issued. One park costs one wake-up however
 * many messages arrive meanwhile (before the compare-and-set every sender that read the flag woke it).
 */
@JCStressTest
@Description("Inbox: two offers to a parked machine wake it exactly once.")
@Outcome(id = "1", expect = ACCEPTABLE, desc = "One sender woke the machine; the other saw it already woken.")
@Outcome(id = "0", expect = FORBIDDEN, desc = "Lost wake-up: the parked machine was never woken.")
@Outcome(id = "2", expect = FORBIDDEN, desc = "Both senders woke the machine for one park.")
@State
public class InboxBurstWakeUpTest {
    private final java.util.concurrent.atomic.AtomicInteger wakeUps = new java.util.concurrent.atomic.AtomicInteger();
    private final Inbox inbox = new Inbox(wakeUps::incrementAndGet);

    /** The machine parked, its inbox empty, before either sender ran. */
    public InboxBurstWakeUpTest() {
        inbox.park();
    }

    /** One sender. */
    @Actor
    public void first() {
        inbox.offer("one");
    }

    /** Another sender. */
    @Actor
    public void second() {
        inbox.offer("two");
    }

    /** Counts the wake-ups. */
    @Arbiter
    public void count(I_Result r) {
        r.r1 = wakeUps.get();
    }
}
