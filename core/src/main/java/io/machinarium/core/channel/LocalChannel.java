package io.machinarium.core.channel;

import io.machinarium.core.Machine;
import io.machinarium.core.MisuseException;

/**
 * A channel confined to the coroutines of one machine: no lock at all, because they never run at the
 * same time. Every call from another thread fails with {@link MisuseException}; use
 * {@link SharedChannel} to cross machines.
 *
 * <pre>{@code
 * LocalChannel<String> lines = new LocalChannel<>();       // created inside a coroutine
 * machine.spawn(() -> lines.write("hello"));
 * String first = lines.read(Duration.ofSeconds(1));
 * }</pre>
 *
 * @param <T> the message type
 * @since 0.1.0
 */
public final class LocalChannel<T> extends ChannelCore<T> {
    private final Machine owner;

    /**
     * Creates an unlimited channel owned by the calling machine.
     *
     * @throws MisuseException if not called on a machine thread
     */
    public LocalChannel() {
        this(LimitPolicy.unlimited());
    }

    /**
     * Creates a channel with a limit policy, owned by the calling machine.
     *
     * @param policy when writes are rejected
     * @throws MisuseException if not called on a machine thread
     */
    public LocalChannel(LimitPolicy policy) {
        super(policy);
        this.owner = Machine.current();
        if (owner == null) {
            throw new MisuseException("a LocalChannel belongs to the machine that creates it, but thread '"
                    + Thread.currentThread().getName() + "' is not a machine; create it in a coroutine, or use "
                    + "a SharedChannel.");
        }
    }

    /** {@return the machine whose coroutines may use this channel} */
    public Machine owner() {
        return owner;
    }

    @Override
    void lock() {
        if (Machine.current() != owner) {
            throw new MisuseException("this LocalChannel belongs to machine '" + owner.name()
                    + "' but was used from thread '" + Thread.currentThread().getName()
                    + "'; use a SharedChannel to cross machines.");
        }
    }

    @Override
    void unlock() {
    }
}
