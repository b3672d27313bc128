package io.machinarium.core.signal;

import io.machinarium.core.CancelledException;
import io.machinarium.core.ClosedException;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.spi.Blocker;
import io.machinarium.core.spi.WaiterQueue;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Waits for POSIX signals as a blocking call (machinarium's {@code machine_signal_wait}): while a
 * {@code SignalWait} is open, the signals it names no longer run the JVM's default action (for INT,
 * TERM and HUP: shutdown) but are queued for {@link #await}. Signals that arrive while nobody waits are
 * kept, in order, until someone does.
 *
 * <pre>{@code
 * try (SignalWait signals = SignalWait.open(Signal.INT, Signal.TERM)) {
 *     Signal s = signals.await();        // suspends the coroutine (or parks the thread)
 *     log.info("got {}, shutting down", s);
 * }                                      // default handlers are back
 * }</pre>
 *
 * <p>Thread safety: any number of coroutines and threads may wait on one instance; each signal goes to
 * one of them. Open at most one instance per signal at a time.
 *
 * @since 0.1.0
 */
public final class SignalWait implements AutoCloseable {
    private final Map<Signal, sun.misc.SignalHandler> previous = new EnumMap<>(Signal.class);
    private final ConcurrentLinkedQueue<Signal> pending = new ConcurrentLinkedQueue<>();
    private final WaiterQueue waiters = new WaiterQueue();
    private final Set<Signal> signals;
    private volatile boolean closed;

    private SignalWait(Set<Signal> signals) {
        this.signals = Set.copyOf(signals);
    }

    /**
     * Starts catching the given signals. Never blocks.
     *
     * <p>A signal the process ignores ({@code SIG_IGN}, as under {@code nohup}) is refused: the JVM
     * cannot catch it, and a wait that silently never fires is worse than an error. The JVM reports such
     * a signal by handing back {@code SIG_IGN} as the previous handler without installing the new one;
     * this method then undoes what it did and throws.
     *
     * @param signals the signals to catch, at least one
     * @return the open wait; close it to give the signals back to the JVM
     * @throws IllegalArgumentException if no signal is given or the JVM refuses to let one be caught
     *     (for instance under {@code -Xrs})
     * @throws SignalIgnoredException if the process ignores one of the signals (no signal is caught then)
     */
    public static SignalWait open(Signal... signals) {
        if (signals.length == 0) {
            throw new IllegalArgumentException("name at least one signal to wait for");
        }
        SignalWait w = new SignalWait(Set.of(signals));
        try {
            for (Signal s : w.signals) {
                sun.misc.Signal sig = new sun.misc.Signal(s.name());
                sun.misc.SignalHandler old = sun.misc.Signal.handle(sig, x -> w.deliver(s));
                if (old == sun.misc.SignalHandler.SIG_IGN) {
                    sun.misc.Signal.handle(sig, old);  // the JVM installed nothing; keep its table as it was
                    w.close();
                    throw new SignalIgnoredException(s);
                }
                w.previous.put(s, old);
            }
        } catch (IllegalArgumentException e) {
            w.close();
            throw new IllegalArgumentException("the JVM does not let SIG" + e.getMessage() + " be caught here", e);
        }
        return w;
    }

    private void deliver(Signal s) {
        pending.add(s);
        waiters.wakeOne();
    }

    /**
     * Waits with no time limit for the next signal. See {@link #await(Duration)}.
     *
     * @return the signal received
     * @throws CancelledException if the caller is cancelled (or its thread interrupted)
     * @throws ClosedException if this wait is closed
     */
    public Signal await() {
        return await(null);
    }

    /**
     * Returns the oldest signal not yet taken, waiting for one if none arrived yet. Suspends a
     * coroutine; parks a plain thread.
     *
     * @param timeout how long to wait at most; null waits forever
     * @return the signal received
     * @throws TimedOutException if no signal arrived in time
     * @throws CancelledException if the caller is cancelled (or its thread interrupted)
     * @throws ClosedException if this wait is closed, before or during the wait
     */
    public Signal await(Duration timeout) {
        Blocker.throwIfCancelled("signal wait");
        long deadline = Blocker.deadline(timeout);
        for (;;) {
            Signal s = pending.poll();
            if (s != null) {
                return s;
            }
            if (closed) {
                throw new ClosedException("the signal wait for " + signals + " is closed");
            }
            Blocker me = Blocker.current();
            long ticket = me.prepare(this);
            WaiterQueue.Node node = waiters.add(me, ticket);
            if (!pending.isEmpty() || closed) {
                me.wake(ticket);
            }
            Blocker.Outcome o = me.await(ticket, deadline);
            waiters.remove(node);
            if (o == Blocker.Outcome.TIMED_OUT && pending.isEmpty()) {
                throw new TimedOutException("no signal of " + signals + " arrived within " + timeout);
            }
            if (o == Blocker.Outcome.CANCELLED) {
                throw new CancelledException("waiting for signals " + signals + " was cancelled");
            }
        }
    }

    /** Restores the handlers that were in place before {@link #open}, and wakes every waiter. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        previous.forEach((s, h) -> sun.misc.Signal.handle(new sun.misc.Signal(s.name()), h));
        waiters.wakeAll();
    }

    @Override
    public String toString() {
        return "signals " + signals;
    }
}
