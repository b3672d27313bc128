package io.machinarium.core;

/**
 * A coroutine's timeout timer: one per coroutine, made at its first timed wait and reused by every later
 * one, so that a timed wait allocates nothing. When it fires it decides the coroutine's pending wait as timed
 * out. That is the wait it was armed for: the coroutine takes the timer out of the heap as soon as it resumes,
 * before it can arm another wait, so the timer is in the heap only during its own wait; a wait decided
 * otherwise meanwhile is no longer pending, and the firing changes nothing. It keeps no ticket of its own
 * (32 bytes, not 40).
 *
 * <p>Thread: machine-confined (the timer heap fires it on the coroutine's machine).
 */
final class WaitTimer extends Timer {
    private final Coroutine owner;

    WaitTimer(Coroutine owner) {
        this.owner = owner;
    }

    @Override
    void fire() {
        long ticket = owner.pendingTicket();
        if (ticket >= 0) {
            owner.decide(ticket, Blocker.TIMED_OUT);
        }
    }
}
