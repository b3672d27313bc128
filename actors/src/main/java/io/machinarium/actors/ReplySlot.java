package io.machinarium.actors;

import io.machinarium.core.CancelledException;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.spi.Blocker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.function.Function;

/**
 * The one-shot reply reference of a request ({@link ActorRef#ask}): the first reply wins with one CAS
 * and wakes the asker; a reply after the asker gave up (timeout, cancellation) or a second reply goes to
 * the dead letters. Because every request has its own slot, a late reply can never answer a later
 * request. It also watches the asked actor, so the asker learns at once if that actor exits (or, for an
 * actor of another node, when that node is lost).
 */
final class ReplySlot<R> implements ActorRef<R>, Watcher {
    private static final Object WAITING = new Object();
    private static final Object GAVE_UP = new Object();
    private static final VarHandle RESULT;

    static {
        try {
            RESULT = MethodHandles.lookup().findVarHandle(ReplySlot.class, "result", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ActorSystem system;
    private final ActorRef<?> target;
    private final Blocker asker;
    private long ticket;
    private volatile Object result = WAITING;
    /** Made on first use: most reply references are never asked for their address. */
    private volatile ActorAddress address;

    ReplySlot(ActorSystem system, ActorRef<?> target, Blocker asker) {
        this.system = system;
        this.target = target;
        this.asker = asker;
    }

    /** A request's failure to be answered: the asked actor exited. */
    private record Gone(ExitReason reason) {
    }

    /** The whole request/reply exchange, from the asker's side. */
    static <Q, R> R ask(ActorSystem system, ActorRef<Q> cell, Function<ActorRef<R>, ? extends Q> request,
            Duration timeout) {
        io.machinarium.core.Coroutine co = io.machinarium.core.Coroutine.current();
        if (co != null ? co.isCancelled() : Thread.currentThread().isInterrupted()) {
            Blocker.throwIfCancelled("ask of actor '" + cell.name() + "'");
        }
        long deadline = Blocker.deadline(timeout);
        Blocker me = Blocker.current();
        ReplySlot<R> slot = new ReplySlot<>(system, cell, me);
        slot.ticket = me.prepare(slot);
        try {
            Q message = request.apply(slot);
            if (cell instanceof ActorCell<Q> local) {
                local.tellWatched(message, slot);  // one hop for both
            } else {
                cell.signal(new ActorSignal.Watch(slot));
                cell.tell(message);
            }
        } catch (RuntimeException | Error e) {
            slot.giveUp();
            me.withdraw(slot.ticket);
            throw e;
        }
        Blocker.Outcome o = me.await(slot.ticket, deadline);
        Object r = slot.result;
        if (r == WAITING && slot.giveUp()) {
            if (o == Blocker.Outcome.CANCELLED) {
                throw new CancelledException("ask of actor '" + cell.name() + "' was cancelled");
            }
            throw new TimedOutException("actor '" + cell.name() + "' did not reply within " + timeout);
        }
        r = slot.result;
        if (r instanceof Gone g) {
            throw new ActorExitedException("actor '" + cell.name() + "' exited before replying ("
                    + g.reason() + ")", g.reason());
        }
        @SuppressWarnings("unchecked")
        R reply = (R) r;
        return reply;
    }

    /** The asker stops waiting (timeout, cancellation): true if no reply or exit had decided the request. */
    boolean giveUp() {
        return RESULT.compareAndSet(this, WAITING, GAVE_UP);
    }

    /** What decided the request: the reply, a marker of an exit or a give-up; for tests and stress tests. */
    Object result() {
        return result;
    }

    @Override
    public void tell(R message) {
        if (message == null) {
            throw new NullPointerException("reply");
        }
        if (RESULT.compareAndSet(this, WAITING, message)) {
            asker.wake(ticket);
        } else {
            system.deadLetter(this, message, result == GAVE_UP
                    ? "the reply arrived after its request had timed out or was cancelled"
                    : "the request was already answered");
        }
    }

    @Override
    public <X> X ask(Function<ActorRef<X>, ? extends R> request, Duration timeout) {
        throw new UnsupportedOperationException("a reply reference answers one request; it cannot be asked");
    }

    @Override
    public void down(ActorRef<?> who, ExitReason reason) {
        if (RESULT.compareAndSet(this, WAITING, new Gone(reason))) {
            asker.wake(ticket);
        }
    }

    @Override
    public boolean isObsolete() {
        return result != WAITING;
    }

    @Override
    public ActorAddress address() {
        ActorAddress a = address;
        if (a == null) {
            address = a = new ActorAddress(system.node(), system.newId());
        }
        return a;
    }

    @Override
    public void signal(ActorSignal signal) {
        if (signal instanceof ActorSignal.Stop) {
            stop();
        } else {
            throw new io.machinarium.core.MisuseException("the reply reference " + name()
                    + " answers one request; it cannot be linked or monitored");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof ActorRef<?> r && !(o instanceof ReplySlot) && r.address().equals(address()));
    }

    @Override
    public int hashCode() {
        return address().hashCode();
    }

    @Override
    public boolean isReply() {
        return true;
    }

    @Override
    public String name() {
        return "reply-to-ask-of-" + target.name();
    }

    @Override
    public boolean isAlive() {
        return result == WAITING;
    }

    @Override
    public void stop() {
        if (RESULT.compareAndSet(this, WAITING, new Gone(ExitReason.STOPPED))) {
            asker.wake(ticket);
        }
    }

    @Override
    public ExitReason awaitExit(Duration timeout) {
        throw new UnsupportedOperationException("a reply reference has no exit to wait for");
    }

    @Override
    public String toString() {
        return "ReplySlot[" + name() + "]";
    }
}
