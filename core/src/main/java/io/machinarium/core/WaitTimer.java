package io.machinarium.core;

/**
 * A coroutine's timeout timer: one per coroutine, made at its first timed wait and reused by every later
 * one, so that a timed wait allocates nothing. When it fires it decides the wait it was armed for as timed
 * out; a wait decided otherwise meanwhile has a newer ticket, so a late firing changes nothing.
 *
 * <p>Thread: machine-confined (the timer heap fires it on the coroutine's machine).
 */
final class WaitTimer extends Timer {
    private final Coroutine owner;
    /** The wait this timer ends. */
    long ticket;

    WaitTimer(Coroutine owner) {
        this.owner = owner;
    }

    @Override
    void fire() {
        owner.decide(ticket, Blocker.TIMED_OUT);
    }
}
