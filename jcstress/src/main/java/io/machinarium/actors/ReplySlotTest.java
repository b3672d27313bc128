package io.machinarium.actors;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.core.spi.Blocker;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Stress tests of a request's {@link ReplySlot}: whoever decides it first — the reply, the asker giving up
 * (timeout, cancellation), the asked actor's exit — decides it alone, and a reply that loses becomes a dead
 * letter, never an answer to anything. Each test races two of them (a third thread would need a third CPU).
 */
public final class ReplySlotTest {
    private static final Machinarium RUNTIME = Machinarium.start(MachinariumConfig.builder().machines(1).build());
    private static final String REPLY = "reply";
    /** The asked actor: it never answers; the tests answer for it. */
    private static final ActorRef<Object> TARGET = ActorSystem.create(RUNTIME).spawn("target",
            (ActorContext<Object> ctx) -> ctx.receive());

    private ReplySlotTest() {
    }

    /** r1: the reply is the result; r2: the give-up won; r3: dead letters made. */
    @JCStressTest
    @Description("ReplySlot: a reply races the asker's give-up; exactly one decides the request.")
    @Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "The reply won; the asker gets it.")
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "The asker gave up first; the reply became a dead letter.")
    @Outcome(expect = FORBIDDEN, desc = "Both or neither decided it, or a lost reply was not a dead letter.")
    @State
    public static class ReplyVsGiveUp {
        private final ActorSystem system = ActorSystem.create(RUNTIME);
        private final ReplySlot<String> slot = new ReplySlot<>(system, TARGET, Blocker.current());

        @Actor
        public void replier() {
            slot.tell(REPLY);
        }

        @Actor
        public void asker(III_Result r) {
            r.r2 = slot.giveUp() ? 1 : 0;
        }

        @Arbiter
        public void judge(III_Result r) {
            r.r1 = slot.result() == REPLY ? 1 : 0;
            r.r3 = (int) system.deadLetterCount();
        }
    }

    /** r1: the reply is the result; r2: the exit decided it; r3: dead letters made. */
    @JCStressTest
    @Description("ReplySlot: a reply races the asked actor's exit; exactly one decides the request.")
    @Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "The reply won; the exit came too late to matter.")
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "The exit won; the asker learns it, the reply is a dead letter.")
    @Outcome(expect = FORBIDDEN, desc = "Both or neither decided it, or a lost reply was not a dead letter.")
    @State
    public static class ReplyVsExit {
        private final ActorSystem system = ActorSystem.create(RUNTIME);
        private final ReplySlot<String> slot = new ReplySlot<>(system, TARGET, Blocker.current());

        @Actor
        public void replier() {
            slot.tell(REPLY);
        }

        @Actor
        public void exiting() {
            slot.down(TARGET, ExitReason.STOPPED);
        }

        @Arbiter
        public void judge(III_Result r) {
            Object result = slot.result();
            r.r1 = result == REPLY ? 1 : 0;
            r.r2 = result != REPLY && result != null && !slot.giveUp() && !(result instanceof String) ? 1 : 0;
            r.r3 = (int) system.deadLetterCount();
        }
    }
}
