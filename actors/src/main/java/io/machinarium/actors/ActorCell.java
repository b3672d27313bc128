package io.machinarium.actors;

import io.machinarium.core.CancelledException;
import io.machinarium.core.Coroutine;
import io.machinarium.core.Machine;
import io.machinarium.core.MisuseException;
import io.machinarium.core.RejectedException;
import io.machinarium.core.TimedOutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One local actor: its coroutine and life cycle, and the local route to it. It is its own reference: a
 * message from the actor's machine goes straight into its {@link Mailbox}; from another machine or thread
 * it crosses as one offer to the machine's inbox ({@link #runHere}). Signals take the same way and act
 * on its {@link Links}; its life on the coroutine, from the start to the exit, is {@link ActorLife}.
 *
 * <p>Thread: the volatile fields may be read anywhere; everything else is touched only on the actor's
 * machine thread.
 */
final class ActorCell<M> implements ActorRef<M> {
    private static final Logger LOG = LoggerFactory.getLogger(ActorCell.class);
    static final int NEW = 0;
    static final int RUNNING = 1;
    static final int DEAD = 2;

    final ActorSystem system;
    /** The given name, or null for a generated {@code actor-<id>} (made on demand: idle actors stay small). */
    private final String givenName;
    private final long id;
    final Machine machine;
    final ActorContext<M> context;
    final Actor<M> body;
    final Mailbox mailbox;
    /** Names this actor holds in the registry; guarded by {@code this}. */
    private ArrayList<String> names;
    volatile Coroutine coroutine;
    volatile int state = NEW;
    volatile ExitReason exitReason;
    volatile ExitReason stopRequest;

    // ---- machine-confined ----
    Links links;
    ArrayList<TimerRef> timers;
    Function<Exit, ? extends M> exitAdapter;
    ActorCell<?> prevLive;
    ActorCell<?> nextLive;

    ActorCell(ActorSystem system, long id, String name, Machine machine, SpawnOptions options, Actor<M> body) {
        this.system = system;
        this.id = id;
        this.givenName = name;
        this.machine = machine;
        this.body = body;
        this.mailbox = new Mailbox(options.capacity, options.overflow);
        this.context = new ActorContext<>(this);
        if (options.linkTo != null) {
            links().link(options.linkTo);  // before the coroutine exists: published by the spawn
        }
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
    public ActorAddress address() {
        return new ActorAddress(system.node(), id);
    }

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
                mailbox.unreserve();
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
                mailbox.unreserve();
                watcher.down(this, ExitReason.SHUTDOWN);
            }
        }
    }

    @Override
    public <R> R ask(Function<ActorRef<R>, ? extends M> request, Duration timeout) {
        return ReplySlot.ask(system, this, request, timeout);
    }

    @Override
    public void signal(ActorSignal signal) {
        if (signal instanceof ActorSignal.Stop s) {
            stopWith(s.reason());
        } else if (Machine.current() == machine) {
            onSignal(signal);
        } else {
            try {
                machine.execute(() -> onSignal(signal));
            } catch (RejectedException e) {
                answerAsGone(signal, ExitReason.SHUTDOWN);
            }
        }
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

    synchronized List<String> takeNames() {
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
                LOG.debug("machine '{}' stopped; a task for actor '{}' was dropped", machine.name(), name());
            }
        }
    }

    ExitReason exitReason() {
        return exitReason;
    }

    private void reserve() {
        if (!mailbox.reserve()) {
            throw new MailboxFullException("the mailbox of actor '" + name() + "' is full (" + mailbox.capacity()
                    + " messages); the message was not sent");
        }
    }

    /** A signal for an actor that has exited, or whose machine stopped: a link or watch learns the reason. */
    private void answerAsGone(ActorSignal signal, ExitReason reason) {
        if (signal instanceof ActorSignal.Link l) {
            l.from().signal(new ActorSignal.LinkExit(this, reason));
        } else if (signal instanceof ActorSignal.Watch w) {
            w.watcher().down(this, reason);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof ActorRef<?> r && !(o instanceof ActorCell) && r.address().equals(address()));
    }

    @Override
    public int hashCode() {
        return ActorAddress.hash(system.node(), id);
    }

    // ---- machine thread ----

    void deliver(M message) {
        if (state == DEAD) {
            mailbox.unreserve();
            system.deadLetter(this, message, "actor '" + name() + "' has exited");
            return;
        }
        Object dropped = mailbox.add(message);
        if (dropped != null) {
            system.deadLetter(this, dropped, "dropped: the mailbox of actor '" + name() + "' was full ("
                    + mailbox.capacity() + " messages) and drops its oldest message");
        }
    }

    private void deliverWatched(M message, Watcher watcher) {
        if (state == DEAD) {
            mailbox.unreserve();
            watcher.down(this, ExitReason.noActor(name()));
            return;
        }
        links().watch(watcher);
        deliver(message);
    }

    /** Queues a signal's message (an exit, a down); signals ignore the bound. */
    void deliverSignal(Object message) {
        if (state == DEAD) {
            system.deadLetter(this, message, "actor '" + name() + "' has exited");
            return;
        }
        mailbox.addSignal(message);
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
            throw new MisuseException(call + " of actor '" + name() + "' must be called by the actor itself, not by "
                    + (me != null ? "coroutine '" + me.name() + "'" : "thread '" + Thread.currentThread().getName() + "'"));
        }
        if (me.isCancelled()) {
            throw new CancelledException(call + " of actor '" + name() + "' refused: the actor was stopped");
        }
        return (M) mailbox.take(me, (Predicate<Object>) filter, deadline, this, call);
    }

    private Links links() {
        Links l = links;
        if (l == null) {
            l = links = new Links();
        }
        return l;
    }

    private void onSignal(ActorSignal signal) {
        if (signal instanceof ActorSignal.LinkExit e) {
            onLinkExit(e.from(), e.reason());
        } else if (signal instanceof ActorSignal.Stop st) {
            stopWith(st.reason());
        } else if (state == DEAD) {
            answerAsGone(signal, ExitReason.noActor(name()));
        } else {
            links().onSignal(signal);
        }
    }

    /** This actor links itself with {@code other}, both ways. */
    void link(ActorRef<?> other) {
        if (!other.equals(this) && links().link(other)) {
            other.signal(new ActorSignal.Link(this));
        }
    }

    /** Records a link whose other half the new child already holds (spawned linked). */
    void linkSpawned(ActorRef<?> child) {
        links().link(child);
    }

    void unlink(ActorRef<?> other) {
        if (links != null && links.unlink(other)) {
            other.signal(new ActorSignal.Unlink(this));
        }
    }

    private void onLinkExit(ActorRef<?> from, ExitReason reason) {
        if (state == DEAD) {
            return;
        }
        if (links != null) {
            links.unlink(from);
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

    /** The coroutine's body: {@link ActorLife}. */
    void run() {
        ActorLife.run(this);
    }

    @Override
    public String toString() {
        return "Actor[" + name() + " on " + machine.name() + (state == DEAD ? ", exited: " + exitReason : "") + "]";
    }
}
