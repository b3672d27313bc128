package io.machinarium.actors;

import io.machinarium.core.Blocker;
import io.machinarium.core.CancelledException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.Machine;
import io.machinarium.core.RejectedException;
import io.machinarium.core.TimedOutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One actor: its coroutine, its mailbox and its links, monitors and timers. Everything but the volatile
 * fields is touched only on the actor's machine thread; other threads reach it through
 * {@link #runHere}, which is one offer to the machine's inbox.
 */
final class ActorCell<M> implements ActorRef<M> {
    private static final Logger LOG = LoggerFactory.getLogger(ActorCell.class);
    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int DEAD = 2;

    final ActorSystem system;
    /** The given name, or null for a generated {@code actor-<id>} (made on demand: idle actors stay small). */
    private final String givenName;
    private final long id;
    final Machine machine;
    final ActorContext<M> context;
    private final Actor<M> body;
    private final int capacity;
    private final Overflow overflow;
    /** Messages sent and not yet taken, for a REJECT-bounded mailbox only; null otherwise. */
    private final AtomicInteger reserved;
    /** Names this actor holds in the registry; guarded by {@code this}. */
    private ArrayList<String> names;
    volatile Coroutine coroutine;
    private volatile int state = NEW;
    private volatile ExitReason exitReason;
    private volatile ExitReason stopRequest;

    // ---- machine-confined ----
    /** Made at the first message, so that an actor that never got one costs nothing for it. */
    private ArrayDeque<Object> mailbox;
    private long waitTicket = -1;
    /** Messages (not signals) in the mailbox. */
    private int queued;
    private ArrayList<ActorCell<?>> links;
    private ArrayList<Watcher> watchers;
    private int pruneWatchersAt = 16;
    private ArrayList<TimerRef> timers;
    Function<Exit, ? extends M> exitAdapter;
    ActorCell<?> prevLive;
    ActorCell<?> nextLive;

    ActorCell(ActorSystem system, long id, String name, Machine machine, SpawnOptions options, Actor<M> body) {
        this.system = system;
        this.id = id;
        this.givenName = name;
        this.machine = machine;
        this.body = body;
        this.capacity = options.capacity;
        this.overflow = options.overflow;
        this.reserved = capacity > 0 && overflow == Overflow.REJECT ? new AtomicInteger() : null;
        this.context = new ActorContext<>(this);
        if (options.linkTo != null) {
            links = new ArrayList<>(2);
            links.add(options.linkTo);  // before the coroutine exists: published by the spawn
        }
    }

    /** A signal (exit, down) queued in the mailbox: never counted against the bound. */
    private record Signal(Object message) {
    }

    /** A message crossing to the actor's machine: the task is the envelope, one allocation. */
    private static final class Delivery<M> implements Runnable {
        private final ActorCell<M> cell;
        private final M message;

        Delivery(ActorCell<M> cell, M message) {
            this.cell = cell;
            this.message = message;
        }

        @Override
        public void run() {
            cell.deliver(message);
        }
    }

    // ---- any thread ----

    @Override
    public void tell(M message) {
        Objects.requireNonNull(message, "message");
        if (state == DEAD) {
            system.deadLetter(this, message, "actor '" + name() + "' has exited");
            return;
        }
        reserve();
        if (Machine.current() == machine) {
            deliver(message);
        } else {
            try {
                machine.execute(new Delivery<>(this, message));
            } catch (RejectedException e) {
                release();
                system.deadLetter(this, message, "machine '" + machine.name() + "' of actor '" + name() + "' has stopped");
            }
        }
    }

    /** Sends a request and watches this actor for the asker, in one hop. */
    void tellWatched(M message, Watcher watcher) {
        Objects.requireNonNull(message, "message");
        if (state == DEAD) {
            watcher.down(this, ExitReason.noActor(name()));
            return;
        }
        reserve();
        if (Machine.current() == machine) {
            deliverWatched(message, watcher);
        } else {
            try {
                machine.execute(() -> deliverWatched(message, watcher));
            } catch (RejectedException e) {
                release();
                watcher.down(this, ExitReason.SHUTDOWN);
            }
        }
    }

    @Override
    public <R> R ask(Function<ActorRef<R>, ? extends M> request, Duration timeout) {
        return ReplySlot.ask(system, this, request, timeout);
    }

    @Override
    public String name() {
        return givenName != null ? givenName : "actor-" + id;
    }

    @Override
    public boolean isAlive() {
        return state != DEAD;
    }

    @Override
    public void stop() {
        stopWith(ExitReason.STOPPED);
    }

    void stopWith(ExitReason reason) {
        if (state == DEAD) {
            return;
        }
        if (stopRequest == null) {
            stopRequest = reason;
        }
        Coroutine c = coroutine;
        if (c != null) {
            c.cancel();
        }
    }

    /** Sets the reason the actor will exit with when its body returns, without cancelling it. */
    void exitWith(ExitReason reason) {
        stopRequest = reason;
    }

    /** The reason a stop or link asked for, or null. */
    ExitReason stopRequest() {
        return stopRequest;
    }

    synchronized void addName(String n) {
        if (names == null) {
            names = new ArrayList<>(1);
        }
        names.add(n);
    }

    private synchronized List<String> takeNames() {
        List<String> n = names == null ? List.of() : names;
        names = null;
        return n;
    }

    /** The actor's code, to tell what kind of actor it is. */
    Actor<M> body() {
        return body;
    }

    @Override
    public ExitReason awaitExit(Duration timeout) {
        Coroutine c = coroutine;
        if (c == null) {
            throw new IllegalStateException("actor '" + name() + "' has no coroutine yet");
        }
        try {
            c.join(timeout);
        } catch (TimedOutException e) {
            throw new TimedOutException("actor '" + name() + "' did not exit within " + timeout);
        } catch (RuntimeException e) {
            if (e instanceof CancelledException) {
                throw e;
            }
            // the body wrapper catches everything; a failure here means the coroutine never ran
        }
        ExitReason r = exitReason;
        return r != null ? r : ExitReason.SHUTDOWN;
    }

    /** Runs a short task on this actor's machine: inline when already there, else through its inbox. */
    void runHere(Runnable task) {
        if (Machine.current() == machine) {
            task.run();
        } else {
            try {
                machine.execute(task);
            } catch (RejectedException e) {
                LOG.debug("machine '{}' stopped; a signal for actor '{}' was dropped", machine.name(), name());
            }
        }
    }

    /** Any thread: this actor learns that the linked actor {@code from} exited. */
    void linkExit(ActorCell<?> from, ExitReason reason) {
        runHere(() -> onLinkExit(from, reason));
    }

    ExitReason exitReason() {
        return exitReason;
    }

    private void reserve() {
        if (reserved != null && reserved.incrementAndGet() > capacity) {
            reserved.decrementAndGet();
            throw new MailboxFullException("the mailbox of actor '" + name() + "' is full (" + capacity
                    + " messages); the message was not sent");
        }
    }

    private void release() {
        if (reserved != null) {
            reserved.decrementAndGet();
        }
    }

    // ---- machine thread ----

    void deliver(M message) {
        if (state == DEAD) {
            release();
            system.deadLetter(this, message, "actor '" + name() + "' has exited");
            return;
        }
        if (overflow == Overflow.DROP_OLDEST && capacity > 0 && queued >= capacity) {
            dropOldest();
        }
        mailbox().addLast(message);
        queued++;
        wakeReceiver();
    }

    private void deliverWatched(M message, Watcher watcher) {
        if (state == DEAD) {
            release();
            watcher.down(this, ExitReason.noActor(name()));
            return;
        }
        addWatcher(watcher);
        deliver(message);
    }

    /** Queues a signal; signals ignore the bound and never go to the dead letters while alive. */
    void deliverSignal(Object message) {
        if (state == DEAD) {
            system.deadLetter(this, message, "actor '" + name() + "' has exited");
            return;
        }
        mailbox().addLast(new Signal(message));
        wakeReceiver();
    }

    private ArrayDeque<Object> mailbox() {
        ArrayDeque<Object> m = mailbox;
        if (m == null) {
            m = mailbox = new ArrayDeque<>(3);
        }
        return m;
    }

    private void dropOldest() {
        for (Iterator<Object> it = mailbox().iterator(); it.hasNext();) {
            Object m = it.next();
            if (!(m instanceof Signal)) {
                it.remove();
                queued--;
                system.deadLetter(this, m, "dropped: the mailbox of actor '" + name() + "' was full (" + capacity
                        + " messages) and drops its oldest message");
                return;
            }
        }
    }

    private void wakeReceiver() {
        long t = waitTicket;
        if (t >= 0) {
            waitTicket = -1;
            coroutine.wake(t);
        }
    }

    /**
     * Takes the first message that passes the filter (all when null), waiting until the deadline.
     *
     * @return the message, or null on timeout
     */
    @SuppressWarnings("unchecked")
    M take(Predicate<? super M> filter, long deadline, String call) {
        Coroutine me = Coroutine.current();
        if (me == null || me != coroutine) {
            throw new io.machinarium.core.MisuseException(call + " of actor '" + name()
                    + "' must be called by the actor itself, not by "
                    + (me != null ? "coroutine '" + me.name() + "'" : "thread '" + Thread.currentThread().getName() + "'"));
        }
        if (me.isCancelled()) {
            throw new CancelledException(call + " of actor '" + name() + "' refused: the actor was stopped");
        }
        for (;;) {
            Object m = filter == null ? takeFirst() : scan(filter);
            if (m != null) {
                return (M) m;
            }
            long t = me.prepare(this);
            waitTicket = t;
            Blocker.Outcome o = me.await(t, deadline);
            waitTicket = -1;
            if (o == Blocker.Outcome.CANCELLED) {
                throw new CancelledException(call + " of actor '" + name() + "' was cancelled");
            }
            if (o == Blocker.Outcome.TIMED_OUT) {
                m = filter == null ? takeFirst() : scan(filter);
                return (M) m;
            }
        }
    }

    private Object takeFirst() {
        if (mailbox == null) {
            return null;
        }
        Object m = mailbox.pollFirst();
        if (m instanceof Signal s) {
            return s.message();
        }
        if (m != null) {
            queued--;
            release();
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private Object scan(Predicate<? super M> filter) {
        if (mailbox == null) {
            return null;
        }
        for (Iterator<Object> it = mailbox.iterator(); it.hasNext();) {
            Object m = it.next();
            boolean signal = m instanceof Signal;
            Object message = signal ? ((Signal) m).message() : m;
            if (filter.test((M) message)) {
                it.remove();
                if (!signal) {
                    queued--;
                    release();
                }
                return message;
            }
        }
        return null;
    }

    int mailboxSize() {
        return mailbox == null ? 0 : mailbox.size();
    }

    void addWatcher(Watcher w) {
        if (state == DEAD) {
            w.down(this, ExitReason.noActor(name()));
            return;
        }
        if (watchers == null) {
            watchers = new ArrayList<>(4);
        }
        if (watchers.size() >= pruneWatchersAt) {
            watchers.removeIf(Watcher::isObsolete);
            pruneWatchersAt = Math.max(16, watchers.size() * 2);
        }
        watchers.add(w);
    }

    void addLink(ActorCell<?> other) {
        if (other == this) {
            return;
        }
        if (links == null) {
            links = new ArrayList<>(2);
        }
        if (!links.contains(other)) {
            links.add(other);
            other.runHere(() -> other.onLinkAdded(this));
        }
    }

    /** Records a link whose other half the new child already holds (spawned linked). */
    void addLinkLocal(ActorCell<?> child) {
        if (links == null) {
            links = new ArrayList<>(2);
        }
        links.add(child);
    }

    void removeLink(ActorCell<?> other) {
        if (links != null && links.remove(other)) {
            other.runHere(() -> {
                if (other.links != null) {
                    other.links.remove(this);
                }
            });
        }
    }

    private void onLinkAdded(ActorCell<?> from) {
        if (state == DEAD) {
            from.linkExit(this, ExitReason.noActor(name()));
            return;
        }
        if (links == null) {
            links = new ArrayList<>(2);
        }
        if (!links.contains(from)) {
            links.add(from);
        }
    }

    private void onLinkExit(ActorCell<?> from, ExitReason reason) {
        if (state == DEAD) {
            return;
        }
        if (links != null) {
            links.remove(from);
        }
        if (exitAdapter != null) {
            deliverSignal(exitAdapter.apply(new Exit(from, reason)));
        } else if (reason.kind() != ExitReason.Kind.NORMAL) {
            stopWith(ExitReason.linked(from, reason));
        }
    }

    void addTimer(TimerRef t) {
        if (timers == null) {
            timers = new ArrayList<>(2);
        } else if (timers.size() >= 16) {
            timers.removeIf(TimerRef::isDone);
        }
        timers.add(t);
    }

    /** The coroutine's body: runs the actor, then tells everyone who cares how it ended. */
    void run() {
        coroutine = Coroutine.current();
        state = RUNNING;
        system.live(machine).add(this);
        ExitReason reason;
        if (system.isClosed() && stopRequest == null) {
            stopRequest = ExitReason.SHUTDOWN;
        }
        try {
            if (stopRequest == null) {
                body.run(context);
            }
            reason = stopRequest != null ? stopRequest : ExitReason.NORMAL;
        } catch (CancelledException e) {
            ExitReason s = stopRequest;
            reason = s != null ? s : machine.isStopping() ? ExitReason.SHUTDOWN : ExitReason.crashed(e);
        } catch (Throwable t) {
            reason = ExitReason.crashed(t);
        }
        exit(reason);
    }

    private void exit(ExitReason reason) {
        exitReason = reason;
        state = DEAD;
        for (String n : takeNames()) {
            system.unregister(n, this);
        }
        if (timers != null) {
            timers.forEach(TimerRef::cancel);
        }
        boolean observed = (links != null && !links.isEmpty()) || (watchers != null && !watchers.isEmpty());
        if (reason.kind() == ExitReason.Kind.CRASHED && !observed) {
            LOG.warn("actor '{}' on machine '{}' crashed and no link or monitor observes it", name(), machine.name(),
                    reason.cause());
        } else if (reason.isAbnormal()) {
            LOG.debug("actor '{}' exited: {}", name(), reason);
        }
        for (Object m; mailbox != null && (m = mailbox.pollFirst()) != null;) {
            system.deadLetter(this, m instanceof Signal s ? s.message() : m,
                    "actor '" + name() + "' exited with the message still in its mailbox");
        }
        if (reserved != null) {
            reserved.set(0);
        }
        if (links != null) {
            for (ActorCell<?> l : links) {
                l.linkExit(this, reason);
            }
            links = null;
        }
        if (watchers != null) {
            for (Watcher w : watchers) {
                w.down(this, reason);
            }
            watchers = null;
        }
        system.live(machine).remove(this);
        system.exited(this);
    }

    @Override
    public String toString() {
        return "Actor[" + name() + " on " + machine.name() + (state == DEAD ? ", exited: " + exitReason : "") + "]";
    }
}
