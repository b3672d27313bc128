package io.machinarium.actors;

import io.machinarium.core.CancelledException;
import io.machinarium.core.Machine;
import io.machinarium.core.MisuseException;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.spi.Blocker;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An actor's view of itself, passed to its {@link Actor#run} body: its mailbox (plain and selective
 * receive), links, monitors and timers.
 *
 * <p>Thread safety: machine-confined. Only the actor's own coroutine may call these methods; any other
 * caller gets {@link MisuseException}. The receive calls block (suspend the actor only) and, like every
 * blocking call, throw {@link CancelledException} once the actor is stopped.
 *
 * @param <M> the type of the actor's messages
 * @since 0.1.0
 */
public final class ActorContext<M> {
    private final ActorCell<M> cell;

    ActorContext(ActorCell<M> cell) {
        this.cell = cell;
    }

    /**
     * The actor's own reference, to pass in messages.
     *
     * @return the reference
     */
    public ActorRef<M> self() {
        return cell;
    }

    /**
     * The system the actor belongs to.
     *
     * @return the system
     */
    public ActorSystem system() {
        return cell.system;
    }

    /**
     * The machine the actor runs on.
     *
     * @return the machine
     */
    public Machine machine() {
        return cell.machine;
    }

    /**
     * The actor's name.
     *
     * @return the name
     */
    public String name() {
        return cell.name();
    }

    /**
     * Takes the oldest message, waiting as long as it takes.
     *
     * @return the message
     * @throws CancelledException if the actor is stopped
     */
    public M receive() {
        return cell.take(null, Blocker.NO_DEADLINE, "receive");
    }

    /**
     * Takes the oldest message, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait; null waits forever, zero only looks
     * @return the message
     * @throws TimedOutException if none arrived in time
     * @throws CancelledException if the actor is stopped
     */
    public M receive(Duration timeout) {
        M m = cell.take(null, Blocker.deadline(timeout), "receive");
        if (m == null) {
            throw new TimedOutException("actor '" + cell.name() + "' received no message within " + timeout);
        }
        return m;
    }

    /**
     * Takes the oldest message, or returns null if none arrives within {@code timeout} — the shape of
     * Erlang's {@code receive ... after}.
     *
     * @param timeout how long to wait; null waits forever, zero only looks
     * @return the message, or null on timeout
     * @throws CancelledException if the actor is stopped
     */
    public M poll(Duration timeout) {
        return cell.take(null, Blocker.deadline(timeout), "poll");
    }

    /**
     * Selective receive: takes the oldest message of a type, leaving every other message queued in its
     * order, and waits for one if none is queued.
     *
     * @param type the type to take
     * @param timeout how long to wait; null waits forever
     * @param <T> the type
     * @return the message
     * @throws TimedOutException if none arrived in time
     * @throws CancelledException if the actor is stopped
     */
    public <T extends M> T receive(Class<T> type, Duration timeout) {
        Objects.requireNonNull(type, "type");
        return type.cast(receive(type::isInstance, timeout));
    }

    /**
     * Selective receive: takes the oldest message that passes {@code filter}, leaving every other
     * message queued in its order, and waits for one if none is queued. The filter runs on the actor's
     * thread and must not block.
     *
     * @param filter which message to take
     * @param timeout how long to wait; null waits forever
     * @return the message
     * @throws TimedOutException if none arrived in time
     * @throws CancelledException if the actor is stopped
     */
    public M receive(Predicate<? super M> filter, Duration timeout) {
        M m = poll(filter, timeout);
        if (m == null) {
            throw new TimedOutException("actor '" + cell.name() + "' received no matching message within " + timeout);
        }
        return m;
    }

    /**
     * Selective receive that returns null on timeout instead of throwing.
     *
     * @param filter which message to take
     * @param timeout how long to wait; null waits forever, zero only looks
     * @return the message, or null
     * @throws CancelledException if the actor is stopped
     */
    public M poll(Predicate<? super M> filter, Duration timeout) {
        Objects.requireNonNull(filter, "filter");
        return cell.take(filter, Blocker.deadline(timeout), "selective receive");
    }

    /**
     * How many messages and signals are queued now.
     *
     * @return the count
     */
    public int mailboxSize() {
        checkSelf("mailboxSize");
        return cell.mailbox.size();
    }

    /**
     * Links this actor with another, both ways: when either exits, the other gets an {@link Exit} if it
     * traps exits, and otherwise exits too unless the reason was {@link ExitReason.Kind#NORMAL}. Linking
     * an actor that already exited delivers its exit ({@link ExitReason.Kind#NO_ACTOR}) at once.
     * Never blocks.
     *
     * @param other the actor to link with
     * @throws MisuseException if {@code other} is a reply reference
     */
    public void link(ActorRef<?> other) {
        checkSelf("link");
        cell.link(actor(other, "link"));
    }

    /**
     * Removes a link, both ways; never blocks.
     *
     * @param other the linked actor
     */
    public void unlink(ActorRef<?> other) {
        checkSelf("unlink");
        cell.unlink(actor(other, "unlink"));
    }

    /**
     * Traps exits: from now on a linked actor's exit arrives as a message (made by {@code adapter} from
     * the {@link Exit}) instead of ending this actor. Supervisors do this. Null stops trapping.
     *
     * @param adapter turns an {@link Exit} into a message of this actor's type, e.g. {@code e -> e} when
     *     the type admits {@code Exit}
     */
    public void trapExits(Function<Exit, ? extends M> adapter) {
        checkSelf("trapExits");
        cell.exitAdapter = adapter;
    }

    /**
     * Monitors another actor: when it exits, this actor receives one message made by {@code adapter}
     * from a {@link Down} holding the reason (at once, with {@link ExitReason.Kind#NO_ACTOR}, if it has
     * already exited). Monitors are one-way and never end this actor. Never blocks.
     *
     * @param target the actor to watch
     * @param adapter turns the {@link Down} into a message of this actor's type
     * @return the monitor, which can be cancelled
     * @throws MisuseException if {@code target} is a reply reference
     */
    public Monitor monitor(ActorRef<?> target, Function<Down, ? extends M> adapter) {
        checkSelf("monitor");
        Objects.requireNonNull(adapter, "adapter");
        ActorRef<?> t = actor(target, "monitor");
        Monitor m = new Monitor(cell, t, adapter);
        t.signal(new ActorSignal.Watch(m));
        return m;
    }

    /**
     * Sends a message to this actor after a delay, through the machine's timer heap. The timer ends with
     * the actor. Never blocks.
     *
     * @param delay how long to wait
     * @param message the message
     * @return the timer, which can be cancelled
     */
    public TimerRef sendAfter(Duration delay, M message) {
        checkSelf("sendAfter");
        Objects.requireNonNull(message, "message");
        TimerRef t = TimerRef.once(cell.machine, delay, () -> cell.system.tellQuietly(cell, message));
        cell.addTimer(t);
        return t;
    }

    /**
     * Sends a message to this actor every {@code period} until the timer is cancelled or the actor exits.
     * A tick that finds a bounded mailbox full goes to the dead letters. Never blocks.
     *
     * @param period the period, positive
     * @param message the message sent each time (share only immutable messages)
     * @return the timer, which can be cancelled
     * @throws IllegalArgumentException if the period is not positive
     */
    public TimerRef every(Duration period, M message) {
        checkSelf("every");
        Objects.requireNonNull(message, "message");
        TimerRef t = TimerRef.periodic(cell.machine, period, () -> cell.system.tellQuietly(cell, message));
        cell.addTimer(t);
        return t;
    }

    /**
     * Spawns an actor linked to this one before it starts, so that no exit of either can be missed.
     *
     * @param options how to spawn it
     * @param body its code
     * @param <C> its message type
     * @return its reference
     * @throws NameTakenException if it is to be registered under a name a live actor holds
     */
    public <C> ActorRef<C> spawnLinked(SpawnOptions options, Actor<C> body) {
        checkSelf("spawnLinked");
        ActorCell<C> child = cell.system.spawnCell(options.linkedTo(cell), body);
        cell.linkSpawned(child);
        return child;
    }

    /** Starts a supervisor's child linked to this actor. */
    ActorRef<?> spawnLinkedCell(ChildSpec<?> spec, Supervisor nestedHandle, Runnable running) {
        ActorCell<?> child = spec.starter.start(cell.system, spec.options.linkedTo(cell), nestedHandle, running);
        cell.linkSpawned(child);
        return child;
    }

    /** The actor behind this context. */
    ActorCell<M> cell() {
        return cell;
    }

    private void checkSelf(String call) {
        if (cell.coroutine == null || io.machinarium.core.Coroutine.current() != cell.coroutine) {
            throw new MisuseException(call + " of actor '" + cell.name() + "' must be called by the actor itself");
        }
    }

    /** An actor that can be linked, monitored or supervised: anything but a reply reference. */
    static ActorRef<?> actor(ActorRef<?> ref, String call) {
        Objects.requireNonNull(ref, "ref");
        if (ref.isReply()) {
            throw new MisuseException(call + " needs an actor, not the reply reference " + ref.name());
        }
        return ref;
    }

    /** An actor of this process (the local registry and server checks need its cell). */
    static ActorCell<?> local(ActorRef<?> ref, String call) {
        if (actor(ref, call) instanceof ActorCell<?> c) {
            return c;
        }
        throw new MisuseException(call + " needs an actor of this process, not " + ref.name() + " at "
                + ref.address());
    }
}
