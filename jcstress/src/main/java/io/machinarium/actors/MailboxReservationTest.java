package io.machinarium.actors;

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
 * Two senders on two threads race for the last place of a REJECT-bounded mailbox ({@link Mailbox#reserve},
 * what {@code tell} does before the message crosses): exactly one may get it, and the count of reserved places
 * never passes the bound. r1, r2: 1 if that sender got the place; r3: what one more reservation afterwards
 * gets (it must be refused while both are held, and granted once the winner's message is taken).
 */
@JCStressTest
@Description("Bounded mailbox: two senders race for the last place; exactly one gets it.")
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "Sender A got the place; after its message was taken, there is room.")
@Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "Sender B got the place; after its message was taken, there is room.")
@Outcome(expect = FORBIDDEN, desc = "Both or neither got the place, or the count drifted: a bound broken or a place lost.")
@State
public class MailboxReservationTest {
    private final Mailbox mailbox = new Mailbox(2, Overflow.REJECT);

    /** One message is queued already: one place is left. */
    public MailboxReservationTest() {
        mailbox.reserve();
    }

    @Actor
    public void senderA(III_Result r) {
        r.r1 = mailbox.reserve() ? 1 : 0;
    }

    @Actor
    public void senderB(III_Result r) {
        r.r2 = mailbox.reserve() ? 1 : 0;
    }

    /** The mailbox is full now; taking one message gives one place back. */
    @Arbiter
    public void afterwards(III_Result r) {
        if (mailbox.reserve()) {
            r.r3 = 2;  // a third place: the bound is broken
            return;
        }
        mailbox.unreserve();  // a message was taken
        r.r3 = mailbox.reserve() ? 1 : 0;
    }
}
