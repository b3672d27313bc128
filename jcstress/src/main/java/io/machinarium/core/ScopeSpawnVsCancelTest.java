package io.machinarium.core;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A child is enrolled in a scope while another thread cancels the scope: the child is either refused
 * (the spawn throws CancelledException) or enrolled and cancelled, never enrolled and left running.
 * r1: 1 if enrolled, 0 if refused; r2: whether the child is cancelled.
 */
@JCStressTest
@Description("Scope: a spawn racing the scope's cancellation is refused or cancelled.")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "Refused: the scope was cancelled first.")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Enrolled, then cancelled with its siblings.")
@Outcome(expect = FORBIDDEN, desc = "A child of a cancelled scope runs uncancelled, or a refused child was cancelled.")
@State
public class ScopeSpawnVsCancelTest {
    private final Scope scope = Scope.open();
    private final Coroutine child = new Coroutine(null, 2, "child", () -> { }, null, scope);

    /** A spawn enrols the child. */
    @Actor
    public void spawn(II_Result r) {
        try {
            scope.adopt(child);
            r.r1 = 1;
        } catch (CancelledException e) {
            r.r1 = 0;
        }
    }

    /** Another thread cancels the scope. */
    @Actor
    public void cancel() {
        scope.cancel();
    }

    /** Reads whether the child was cancelled. */
    @Arbiter
    public void outcome(II_Result r) {
        r.r2 = child.isCancelled() ? 1 : 0;
    }
}
