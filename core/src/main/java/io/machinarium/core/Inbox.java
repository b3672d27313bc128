package io.machinarium.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import org.jctools.queues.MpscUnboundedArrayQueue;

/**
 * A machine's inbox: the lock-free multi-producer queue through which every cross-thread event reaches
 * the machine, and the flag that spares senders a wake-up while the machine is awake.
 *
 * <p>The protocol (a Dekker handshake on two volatile locations): a sender offers, then reads
 * {@code parked} and wakes the loop only if it is set; the machine sets {@code parked}, then checks the
 * queue, and blocks only if the queue is empty. Either the sender sees the flag or the machine sees the
 * message, so no message waits for a wake-up that never comes, and a busy machine costs a sender one
 * offer and one read.
 *
 * <p>The sender that finds the flag set clears it (a compare-and-set) and is the only one to wake the
 * machine: the other senders of a burst see it cleared and cost no wake-up, so a park costs at most one
 * wake-up however many messages arrive meanwhile. Wake-ups are thus at most the messages sent and at
 * most the parks, whatever the speed of the machine or the senders.
 */
final class Inbox {
    private static final VarHandle PARKED;

    static {
        try {
            PARKED = MethodHandles.lookup().findVarHandle(Inbox.class, "parked", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MpscUnboundedArrayQueue<Object> queue = new MpscUnboundedArrayQueue<>(1024);
    private final Runnable wakeUp;
    private final AtomicLong wakeUps = new AtomicLong();
    private volatile boolean parked;

    /** @param wakeUp interrupts the machine's blocking wait; called on the sender's thread */
    Inbox(Runnable wakeUp) {
        this.wakeUp = wakeUp;
    }

    /**
     * Any thread: queues a message and wakes the machine if it is parked (or about to be) and no other
     * sender has woken it since it parked.
     */
    void offer(Object message) {
        queue.offer(message);
        if (parked && PARKED.compareAndSet(this, true, false)) {
            wakeUps.incrementAndGet();
            wakeUp.run();
        }
    }

    /** How many offers found the machine parked and woke it (the others cost no wake-up). */
    long wakeUps() {
        return wakeUps.get();
    }

    /** Whether the machine is parked (or about to park) in its event loop and nobody has woken it yet. */
    boolean isParked() {
        return parked;
    }

    /** Machine thread: the next message, or null. */
    Object poll() {
        return queue.relaxedPoll();
    }

    /** How many messages are queued (approximate while senders are busy). */
    int size() {
        return queue.size();
    }

    /** Whether no message is queued; a message being offered right now may count as queued. */
    boolean isEmpty() {
        return queue.isEmpty();
    }

    /**
     * Machine thread, before blocking: announces the park. The machine may block only if
     * {@link #isEmpty()} holds after this call; it must call {@link #unpark()} when it wakes.
     */
    void park() {
        parked = true;
    }

    /** Machine thread, after blocking. */
    void unpark() {
        parked = false;
    }
}
