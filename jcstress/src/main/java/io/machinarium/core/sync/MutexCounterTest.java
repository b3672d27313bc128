package io.machinarium.core.sync;

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
 * {@link Mutex} between two plain threads (each parks through its own thread blocker): both
 * increments of a plain counter under the lock survive, so the lock excludes and its hand-off to a
 * parked waiter publishes the previous owner's writes.
 */
@JCStressTest
@Description("Mutex: two threads increment a plain counter under the lock; none is lost.")
@Outcome(id = "2", expect = ACCEPTABLE, desc = "Both increments happened under mutual exclusion.")
@Outcome(expect = FORBIDDEN, desc = "An increment was lost: the mutex did not exclude or publish.")
@State
public class MutexCounterTest {
    private final Mutex mutex = new Mutex();
    private int counter;

    /** First thread. */
    @Actor
    public void first() {
        increment();
    }

    /** Second thread. */
    @Actor
    public void second() {
        increment();
    }

    /** Reads the counter after both. */
    @Arbiter
    public void result(I_Result r) {
        r.r1 = counter;
    }

    private void increment() {
        mutex.lock();
        try {
            counter++;
        } finally {
            mutex.unlock();
        }
    }
}
