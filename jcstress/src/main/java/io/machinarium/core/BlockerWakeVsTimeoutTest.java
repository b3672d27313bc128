package io.machinarium.core;

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
 * The decide protocol of {@link Blocker}: a waker's {@link Blocker#wake} races the owner's timeout
 * ({@code abandon(ticket, TIMED_OUT)}) for one armed wait. r1, r2: 1 if wake, abandon returned true;
 * r3: the recorded outcome (1 woken, 2 timed out).
 */
@JCStressTest
@Description("Blocker: wake races a timeout for the same ticket; exactly one decides the wait.")
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "The wake decided the wait.")
@Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "The timeout decided the wait.")
@Outcome(expect = FORBIDDEN, desc = "Both or neither decided, or the outcome disagrees with the winner.")
@State
public class BlockerWakeVsTimeoutTest {
    /** Created and armed on the same thread, which is what prepare's ownership check needs. */
    private final ThreadBlocker blocker = new ThreadBlocker();
    private final long ticket = blocker.prepare("jcstress");

    /** Any thread waking the wait. */
    @Actor
    public void waker(III_Result r) {
        r.r1 = blocker.wake(ticket) ? 1 : 0;
    }

    /** The owner's deadline passing. */
    @Actor
    public void timeout(III_Result r) {
        r.r2 = blocker.abandon(ticket, Blocker.TIMED_OUT) ? 1 : 0;
    }

    /** Reads how the wait ended. */
    @Arbiter
    public void outcome(III_Result r) {
        r.r3 = blocker.outcome(ticket) == Blocker.Outcome.WOKEN ? 1 : 2;
    }
}
