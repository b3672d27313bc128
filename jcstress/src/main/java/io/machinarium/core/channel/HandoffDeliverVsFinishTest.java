package io.machinarium.core.channel;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A writer's {@link Handoff#deliver} races the reader's {@link Handoff#finish} (its timeout path), as
 * in {@code ChannelCore.tryWrite} against {@code ChannelCore.take}. Exactly one party must claim the
 * slot: r1 is 1 if deliver returned true; r2 is 0 if finish returned null, 1 if it returned the
 * writer's node still carrying the message, 2 for anything else.
 */
@JCStressTest
@Description("Handoff: a writer's deliver races the reader's finish; exactly one of them wins.")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Writer won: the reader got the node with the message.")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "Reader won: it abandoned the read, the writer keeps its message.")
@Outcome(expect = FORBIDDEN, desc = "Both or neither won, or the reader saw a wrong node: a lost or duplicated message.")
@State
public class HandoffDeliverVsFinishTest {
    private static final Object MESSAGE = "message";

    private final Handoff handoff = new Handoff(null, 1);
    private final Handoff.Node node = new Handoff.Node(handoff, 0);

    /** The writer, as in ChannelCore.tryWrite: put the message in the node, then claim the slot. */
    @Actor
    public void writer(II_Result r) {
        node.value = MESSAGE;
        if (handoff.deliver(node)) {
            r.r1 = 1;
        } else {
            node.value = null;
        }
    }

    /** The reader giving up, as in ChannelCore.take after a timeout. */
    @Actor
    public void reader(II_Result r) {
        Handoff.Node got = handoff.finish();
        r.r2 = got == null ? 0 : got == node && got.value == MESSAGE ? 1 : 2;
    }
}
