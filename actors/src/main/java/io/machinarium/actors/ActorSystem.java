package io.machinarium.actors;

import io.machinarium.core.Machinarium;
import io.machinarium.core.Machine;
import io.machinarium.core.MisuseException;
import io.machinarium.core.RejectedException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A set of actors over the machines of one runtime — one node: spawning ({@link Placement} picks the
 * machine), the name registry ({@link Registry}), timers and the dead letters ({@link DeadLetters}).
 * Every actor's {@link ActorAddress} names this node ({@link #node()}).
 *
 * <pre>{@code
 * try (Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(2).build());
 *      ActorSystem system = ActorSystem.create(rt)) {
 *     ActorRef<String> greeter = system.spawn("greeter", (ActorContext<String> ctx) -> {
 *         for (;;) {
 *             System.out.println("hello, " + ctx.receive());
 *         }
 *     });
 *     greeter.tell("world");
 * }
 * }</pre>
 *
 * <p>Thread safety: every method may be called from any thread or coroutine.
 *
 * @since 0.1.0
 */
public final class ActorSystem implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ActorSystem.class);

    /** The node name of a system created without one. */
    public static final String LOCAL_NODE = "local";

    private final Machinarium runtime;
    private final String node;
    private final List<Machine> machines;
    private final Placement placement;
    private final Registry registry = new Registry();
    private final DeadLetters deadLetters = new DeadLetters();
    private final AtomicLong ids = new AtomicLong();
    private final LongAdder live = new LongAdder();
    private final LongAdder restarts = new LongAdder();
    private final Object liveKey = new Object();
    private volatile boolean closed;
    /** Set once the system is closed and its last actor has exited. */
    private final io.machinarium.core.sync.WaitFlag allGone = new io.machinarium.core.sync.WaitFlag();

    private ActorSystem(Machinarium runtime, String node) {
        this.runtime = runtime;
        this.node = node;
        this.machines = runtime.machines();
        this.placement = new Placement(machines);
    }

    /**
     * Creates an actor system over the machines the runtime has now, as node {@value #LOCAL_NODE}.
     *
     * @param runtime the runtime; it must outlive the system
     * @return the system
     */
    public static ActorSystem create(Machinarium runtime) {
        return create(runtime, LOCAL_NODE);
    }

    /**
     * Creates an actor system over the machines the runtime has now, as the named node: the name is in
     * every address of its actors, and is how other processes of a cluster know it.
     *
     * @param runtime the runtime; it must outlive the system
     * @param node the node's name, not empty
     * @return the system
     * @throws IllegalArgumentException if the name is empty
     */
    public static ActorSystem create(Machinarium runtime, String node) {
        Objects.requireNonNull(runtime, "runtime");
        if (Objects.requireNonNull(node, "node").isEmpty()) {
            throw new IllegalArgumentException("a node needs a name");
        }
        return new ActorSystem(runtime, node);
    }

    /**
     * The name of this node, part of every address of its actors.
     *
     * @return the node name
     */
    public String node() {
        return node;
    }

    /** A fresh number for an address of this node. */
    long newId() {
        return ids.incrementAndGet();
    }

    /**
     * The runtime underneath.
     *
     * @return the runtime
     */
    public Machinarium runtime() {
        return runtime;
    }

    /**
     * Spawns an unnamed actor on the least-loaded machine. Never blocks; the actor starts after the
     * coroutines already ready on its machine.
     *
     * @param body the actor's code
     * @param <M> its message type
     * @return its reference
     * @throws RejectedException if the system is closed or the machine stopped
     */
    public <M> ActorRef<M> spawn(Actor<M> body) {
        return spawnCell(SpawnOptions.defaults(), body);
    }

    /**
     * Spawns a named actor on the least-loaded machine. See {@link #spawn(SpawnOptions, Actor)}.
     *
     * @param name the actor's name (not registered)
     * @param body the actor's code
     * @param <M> its message type
     * @return its reference
     */
    public <M> ActorRef<M> spawn(String name, Actor<M> body) {
        return spawnCell(SpawnOptions.named(name), body);
    }

    /**
     * Spawns an actor as the options say: name, machine (default least-loaded, counted by live actors),
     * mailbox bound and registration. Never blocks.
     *
     * @param options how to spawn it
     * @param body the actor's code
     * @param <M> its message type
     * @return its reference
     * @throws NameTakenException if it is to be registered under a name a live actor holds
     * @throws RejectedException if the system is closed or the machine stopped
     */
    public <M> ActorRef<M> spawn(SpawnOptions options, Actor<M> body) {
        return spawnCell(options, body);
    }

    <M> ActorCell<M> spawnCell(SpawnOptions options, Actor<M> body) {
        Objects.requireNonNull(body, "body");
        if (closed) {
            throw new RejectedException("the actor system is closed; it spawns no new actor");
        }
        Machine machine = options.machine != null ? options.machine : placement.leastLoaded();
        if (options.register && options.name == null) {
            throw new IllegalArgumentException("an actor registered at spawn needs a name");
        }
        ActorCell<M> cell = new ActorCell<>(this, newId(), options.name, machine, options, body);
        if (options.register) {
            registry.register(options.name, cell);
        }
        placement.placed(machine);
        live.increment();
        try {
            cell.coroutine = machine.spawn(options.name, cell::run);
        } catch (RejectedException e) {
            placement.left(machine);
            live.decrement();
            if (options.register) {
                registry.unregister(options.name, cell);
            }
            throw e;
        }
        return cell;
    }

    /**
     * How many actors of this system are alive now.
     *
     * @return the count
     */
    public long liveActors() {
        return live.sum();
    }

    /**
     * Registers an actor under a name, replacing a holder that has exited. The name is released when
     * the actor exits.
     *
     * @param name the name
     * @param ref the actor
     * @throws NameTakenException if a live actor holds the name
     * @throws MisuseException if {@code ref} is a reply reference or an actor of another node (a cluster
     *     has its own, cluster-wide registry)
     */
    public void register(String name, ActorRef<?> ref) {
        Objects.requireNonNull(name, "name");
        registry.register(name, ActorContext.local(ref, "register"));
    }

    void unregister(String name, ActorCell<?> cell) {
        registry.unregister(name, cell);
    }

    /**
     * Looks an actor up by its registered name, unchecked as to its message type.
     *
     * @param name the name
     * @param <M> the message type the caller expects (unchecked)
     * @return the live actor holding it, or null
     * @deprecated the message type is an unchecked cast: use {@link #whereis(String, Class)}, or
     *     {@link ServerRef#lookup(ActorSystem, String, Class)} for a server
     */
    @Deprecated
    @SuppressWarnings("unchecked")
    public <M> ActorRef<M> whereis(String name) {
        return (ActorRef<M>) registry.whereis(name);
    }

    /**
     * Looks an actor up by its registered name, checking at run time what the compiler cannot: the holder
     * must be a plain actor (a server takes calls and casts: {@link ServerRef#lookup(ActorSystem, String,
     * Class)} finds those; a supervisor takes no messages), and if its body is a class that declares its
     * message type ({@code class Worker implements Actor<Job>}), that type must take {@code messageType}. A
     * lambda's message type is erased, so such an actor is taken on trust. Never blocks.
     *
     * @param name the name
     * @param messageType the messages the caller will send
     * @param <M> the message type
     * @return the live actor holding the name, or null
     * @throws MisuseException if the holder is a server or a supervisor, or declares another message type
     *     (the message names both types)
     */
    public <M> ActorRef<M> whereis(String name, Class<M> messageType) {
        Objects.requireNonNull(messageType, "messageType");
        ActorCell<?> c = registry.whereis(name);
        return c == null ? null : MessageTypes.checkedActor(c, "actor '" + name + "'", messageType);
    }

    /** The live actor holding {@code name}, or null; for the typed lookups. */
    ActorRef<?> registered(String name) {
        return registry.whereis(name);
    }

    /**
     * Sends {@code message} to {@code target} after a delay, from the timer heap of the target's machine
     * (the caller's machine for a reply reference). Never blocks.
     *
     * @param target the recipient
     * @param message the message
     * @param delay how long to wait
     * @param <M> the message type
     * @return the timer, which can be cancelled
     */
    public <M> TimerRef sendAfter(ActorRef<M> target, M message, Duration delay) {
        Objects.requireNonNull(message, "message");
        Machine m = target instanceof ActorCell<M> c ? c.machine : Machine.current();
        if (m == null) {
            m = machines.get(0);
        }
        return TimerRef.once(m, delay, () -> tellQuietly(target, message));
    }

    /** A tell for timers: a full mailbox sends the message to the dead letters instead of throwing. */
    <M> void tellQuietly(ActorRef<M> target, M message) {
        try {
            target.tell(message);
        } catch (MailboxFullException e) {
            deadLetter(target, message, e.getMessage());
        }
    }

    /**
     * Subscribes to dead letters. The listener runs on the thread that produced the letter (often a
     * machine thread), so it must be quick and must not block.
     *
     * @param listener called once per dead letter
     * @return a handle whose {@code close()} unsubscribes
     */
    public AutoCloseable onDeadLetter(Consumer<DeadLetter> listener) {
        return deadLetters.subscribe(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * How many dead letters there have been.
     *
     * @return the count
     */
    public long deadLetterCount() {
        return deadLetters.count();
    }

    /**
     * Records a message that reached no actor: counted, and given to the dead-letter listeners. For
     * transports (a message from another node for an actor that has exited, a reply that came too late)
     * and this package. Never blocks.
     *
     * @param recipient where the message was sent
     * @param message the message (a buffer in it is not released here)
     * @param reason why it was not delivered, one sentence
     */
    public void deadLetter(ActorRef<?> recipient, Object message, String reason) {
        deadLetters.add(recipient, message, reason);
    }

    /**
     * How many children supervisors of this system have restarted.
     *
     * @return the count
     */
    public long restartCount() {
        return restarts.sum();
    }

    void restarted() {
        restarts.increment();
    }

    /**
     * Takes a snapshot of the mailboxes: each machine counts its own actors' queues on its thread. Blocks
     * the caller (a coroutine suspends) until every machine answered or the timeout passed; a machine that
     * did not answer in time is left out.
     *
     * @param timeout how long to wait for the machines
     * @return the actors counted, the messages queued in their mailboxes and the longest mailbox
     */
    public MailboxStats mailboxes(Duration timeout) {
        return MailboxCensus.take(runtime, this::live, timeout);
    }

    LiveActors live(Machine machine) {
        return machine.local(liveKey, LiveActors::new);
    }

    void exited(ActorCell<?> cell) {
        placement.left(cell.machine);
        live.decrement();
        if (closed && live.sum() == 0) {
            allGone.set();
        }
    }

    /**
     * Stops every actor (they exit with {@link ExitReason.Kind#SHUTDOWN}) and waits up to the runtime's
     * shutdown timeout for them to finish. Blocks the caller; closing twice does nothing more. The
     * runtime stays up.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Machine m : runtime.machines()) {
            try {
                m.execute(() -> live(m).forEach(c -> c.stopWith(ExitReason.SHUTDOWN)));
            } catch (RejectedException e) {
                LOG.debug("machine {} already stopped", m.name());
            }
        }
        if (live.sum() == 0) {
            allGone.set();
        }
        try {
            allGone.await(runtime.config().shutdownTimeout());
        } catch (io.machinarium.core.TimedOutException e) {
            LOG.warn("{} actors were still running when the actor system's close gave up waiting", live.sum());
        }
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }
}
