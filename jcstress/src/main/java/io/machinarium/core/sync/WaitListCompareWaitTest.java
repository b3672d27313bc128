package io.machinarium.core.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.machinarium.core.TimedOutException;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * {@link WaitList#compareWait} against a notifier that changes the word, then wakes all: the waiter
 * either sees the new word at once or is woken, never sleeps through the notification. The waiter
 * parks its plain thread, bounded by a timeout. A timeout is a missed notification only if the
 * notifier had finished before the waiter's deadline; if the notifier itself ran later (its thread was
 * descheduled that long), there is nothing to judge. r1: 0 returned false, 1 woken, 2 missed
 * notification, 3 timed out before the notifier ran, 4 other exception.
 */
@JCStressTest
@Description("WaitList: compareWait(0) races word.set(1) + wakeAll; no notification is missed.")
@Outcome(id = "0", expect = ACCEPTABLE, desc = "The waiter saw the word changed and did not wait.")
@Outcome(id = "1", expect = ACCEPTABLE, desc = "The waiter waited and was woken.")
@Outcome(id = "2", expect = FORBIDDEN, desc = "Missed notification: timed out although wakeAll had returned.")
@Outcome(id = "3", expect = ACCEPTABLE_INTERESTING, desc = "The notifier ran only after the timeout (a stall).")
@Outcome(expect = FORBIDDEN, desc = "compareWait failed unexpectedly.")
@State
public class WaitListCompareWaitTest {
    private static final Duration TIMEOUT = Duration.ofMillis(200);

    private final WaitList<Void> list = new WaitList<>();
    private long waitStart;
    private long notified;
    private int outcome;

    /** Changes the word, then notifies. */
    @Actor
    public void notifier() {
        list.word().set(1);
        list.wakeAll();
        notified = System.nanoTime();
    }

    /** Waits while the word is still 0. */
    @Actor
    public void waiter() {
        waitStart = System.nanoTime();
        try {
            outcome = list.compareWait(0, TIMEOUT) ? 1 : 0;
        } catch (TimedOutException e) {
            outcome = 2;
        } catch (RuntimeException e) {
            outcome = 4;
        }
    }

    /** Tells a missed notification from a notifier that ran after the waiter's deadline. */
    @Arbiter
    public void judge(I_Result r) {
        boolean late = notified - waitStart >= TIMEOUT.toNanos();
        r.r1 = outcome == 2 && late ? 3 : outcome;
    }
}
