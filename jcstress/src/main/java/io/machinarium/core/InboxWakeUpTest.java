package io.machinarium.core;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZI_Result;

/**
 * The Dekker handshake of {@link Inbox}: a sender offers while the machine announces its park and
 * checks the queue. r1: the machine would block (saw the inbox empty); r2: wake-ups the sender issued.
 * Blocking with no wake-up would strand the message until some unrelated event.
 */
@JCStressTest
@Description("Inbox: offer races park + isEmpty; the machine never blocks without being woken.")
@Outcome(id = "false, 0", expect = ACCEPTABLE, desc = "The machine saw the message; the sender saw it awake.")
@Outcome(id = "false, 1", expect = ACCEPTABLE, desc = "Both saw each other: a harmless extra wake-up.")
@Outcome(id = "true, 1", expect = ACCEPTABLE, desc = "The machine blocks, and the sender wakes it.")
@Outcome(id = "true, 0", expect = FORBIDDEN, desc = "Lost wake-up: the machine blocks with a message queued.")
@State
public class InboxWakeUpTest {
    private int wakeUps;
    private final Inbox inbox = new Inbox(() -> wakeUps++);

    /** Any thread sending to the machine. */
    @Actor
    public void sender() {
        inbox.offer("message");
    }

    /** The machine about to block in epoll. */
    @Actor
    public void machine(ZI_Result r) {
        inbox.park();
        r.r1 = inbox.isEmpty();
    }

    /** Counts the wake-ups (the sender's writes are visible once both actors finished). */
    @Arbiter
    public void count(ZI_Result r) {
        r.r2 = wakeUps;
    }
}
