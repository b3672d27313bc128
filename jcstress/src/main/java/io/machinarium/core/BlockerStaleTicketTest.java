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
 * A late waker of an earlier wait (which timed out) races the waker of the current wait: the stale
 * ticket must never decide, nor disturb, the current wait. r1: stale wake returned true; r2: current
 * wake returned true; r3: the current wait's outcome (1 woken, 2 anything else).
 */
@JCStressTest
@Description("Blocker: wake with the previous ticket never succeeds, even racing the current wake.")
@Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "Only the current ticket woke the current wait.")
@Outcome(expect = FORBIDDEN, desc = "A stale ticket decided a wait, or the current wake was lost.")
@State
public class BlockerStaleTicketTest {
    private final ThreadBlocker blocker = new ThreadBlocker();
    private final long ticket;

    /** Arms a wait that times out, then arms the current one (the constructing thread owns the blocker). */
    public BlockerStaleTicketTest() {
        long first = blocker.prepare("jcstress");
        blocker.abandon(first, Blocker.TIMED_OUT);
        ticket = blocker.prepare("jcstress");
    }

    /** A waker still holding the earlier ticket. */
    @Actor
    public void staleWaker(III_Result r) {
        r.r1 = blocker.wake(ticket - 1) ? 1 : 0;
    }

    /** The waker of the current wait. */
    @Actor
    public void waker(III_Result r) {
        r.r2 = blocker.wake(ticket) ? 1 : 0;
    }

    /** Reads how the current wait ended. */
    @Arbiter
    public void outcome(III_Result r) {
        r.r3 = blocker.outcome(ticket) == Blocker.Outcome.WOKEN ? 1 : 2;
    }
}
