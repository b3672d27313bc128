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
 * A coroutine records a scope it opens while another thread cancels it: the scope must end up cancelled
 * either way — the canceller finds it among the owned scopes, or the owner sees it is cancelled after the
 * push. r1: whether the scope is cancelled.
 */
@JCStressTest
@Description("Scope: a scope opened as its owner is cancelled is cancelled too.")
@Outcome(id = "1", expect = ACCEPTABLE, desc = "The scope was cancelled with its owner.")
@Outcome(expect = FORBIDDEN, desc = "The owner was cancelled but its new scope was not: its children would outlive it.")
@State
public class ScopeOwnVsCancelTest {
    private final Coroutine owner = new Coroutine(null, 1, "owner", () -> { }, null, null);
    private final Scope scope = Scope.open();

    /** The owner records the scope it opened. */
    @Actor
    public void open() {
        CoroutineLinks.own(owner, scope);
    }

    /** Another thread cancels the owner. */
    @Actor
    public void cancel() {
        owner.cancel();
    }

    /** Reads whether the scope was cancelled. */
    @Arbiter
    public void outcome(I_Result r) {
        r.r1 = scope.isCancelled() ? 1 : 0;
    }
}
