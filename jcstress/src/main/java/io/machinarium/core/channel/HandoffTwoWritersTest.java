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
 * Two writers (as from two channels of one select, each with its own node) race to deliver to one
 * waiting reader, which then finishes its read. At most one deliver may succeed, and the reader must
 * get exactly the winner's node. The reader's own race against a writer is
 * {@link HandoffDeliverVsFinishTest}: a third actor would need a third CPU (jcstress skips tests with
 * more actors than CPUs). r1, r2: 1 if writer A, B delivered; r3: 0 if finish returned null, 1 or 2
 * for node A or B carrying its message, 3 for anything else.
 */
@JCStressTest
@Description("Handoff: two writers race to deliver to one reader; exactly one delivery succeeds.")
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "Writer A won; the reader got A's message.")
@Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "Writer B won; the reader got B's message.")
@Outcome(expect = FORBIDDEN, desc = "Two or no deliveries, or one the reader did not see: lost or duplicated message.")
@State
public class HandoffTwoWritersTest {
    private static final Object A = "a";
    private static final Object B = "b";

    private final Handoff handoff = new Handoff(null, 1);
    private final Handoff.Node nodeA = new Handoff.Node(handoff, 0);
    private final Handoff.Node nodeB = new Handoff.Node(handoff, 1);

    /** Writer on the first channel. */
    @Actor
    public void writerA(III_Result r) {
        r.r1 = write(nodeA, A);
    }

    /** Writer on the second channel. */
    @Actor
    public void writerB(III_Result r) {
        r.r2 = write(nodeB, B);
    }

    /** The reader ending its read once both writers are done. */
    @Arbiter
    public void reader(III_Result r) {
        Handoff.Node got = handoff.finish();
        r.r3 = got == null ? 0 : got == nodeA && got.value == A ? 1 : got == nodeB && got.value == B ? 2 : 3;
    }

    private int write(Handoff.Node n, Object message) {
        n.value = message;
        if (handoff.deliver(n)) {
            return 1;
        }
        n.value = null;
        return 0;
    }
}
