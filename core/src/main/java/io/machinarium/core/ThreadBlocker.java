package io.machinarium.core;

import java.util.concurrent.locks.LockSupport;

/**
 * The {@link Blocker} of a plain (non-coroutine) thread: it parks the thread. Interruption counts as
 * cancellation; the interrupt flag is left set so that the thread's later blocking calls fail too.
 */
final class ThreadBlocker extends Blocker {
    private static final ThreadLocal<ThreadBlocker> CURRENT = ThreadLocal.withInitial(ThreadBlocker::new);

    private final Thread owner = Thread.currentThread();

    static ThreadBlocker forCurrentThread() {
        return CURRENT.get();
    }

    @Override
    public Outcome await(long ticket, long deadlineNanos) {
        checkOwner("Blocker.await");
        while (isWaiting(ticket)) {
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                abandon(ticket, CANCELLED);
                break;
            }
            if (deadlineNanos == NO_DEADLINE) {
                LockSupport.park(this);
            } else {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    abandon(ticket, TIMED_OUT);
                    break;
                }
                LockSupport.parkNanos(this, left);
            }
        }
        waitingOn = null;
        return outcome(ticket);
    }

    @Override
    Outcome awaitIgnoringCancellation(long ticket, long deadlineNanos) {
        checkOwner("Blocker.await");
        boolean interrupted = Thread.interrupted();
        try {
            while (isWaiting(ticket)) {
                interrupted |= Thread.interrupted();  // cleared so that park sleeps; set again below
                if (deadlineNanos == NO_DEADLINE) {
                    LockSupport.park(this);
                } else {
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        abandon(ticket, TIMED_OUT);
                        break;
                    }
                    LockSupport.parkNanos(this, left);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        waitingOn = null;
        return outcome(ticket);
    }

    @Override
    void onDecided() {
        if (Thread.currentThread() != owner) {
            LockSupport.unpark(owner);
        }
    }

    @Override
    void checkOwner(String call) {
        if (Thread.currentThread() != owner) {
            throw new MisuseException(call + " was called by thread '" + Thread.currentThread().getName()
                    + "' on the blocker of thread '" + owner.getName() + "'; only the owner may wait.");
        }
    }
}
