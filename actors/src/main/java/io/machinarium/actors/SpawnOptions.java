package io.machinarium.actors;

import io.machinarium.core.Machine;

/**
 * How to spawn an actor: its name, its machine (default: the least-loaded), its mailbox bound and
 * overflow policy, and a registry name. Immutable; each {@code with}-style method returns a copy.
 *
 * <pre>{@code
 * SpawnOptions.named("account-7").on(runtime.machine(1)).bounded(1000, Overflow.REJECT).registered()
 * }</pre>
 *
 * @since 0.1.0
 */
public final class SpawnOptions {
    private static final SpawnOptions DEFAULTS = new SpawnOptions(null, null, 0, Overflow.REJECT, false, null);

    final String name;
    final Machine machine;
    final int capacity;
    final Overflow overflow;
    final boolean register;
    /** Package-private: the actor is linked to this one before it starts (supervisors). */
    final ActorRef<?> linkTo;

    private SpawnOptions(String name, Machine machine, int capacity, Overflow overflow, boolean register,
            ActorRef<?> linkTo) {
        this.name = name;
        this.machine = machine;
        this.capacity = capacity;
        this.overflow = overflow;
        this.register = register;
        this.linkTo = linkTo;
    }

    /**
     * Options with every default: an unnamed actor, least-loaded machine, unbounded mailbox.
     *
     * @return them
     */
    public static SpawnOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Default options with a name.
     *
     * @param name the actor's name; null for a generated {@code actor-<id>}
     * @return the options
     */
    public static SpawnOptions named(String name) {
        return DEFAULTS.name(name);
    }

    /**
     * A copy with a name.
     *
     * @param name the actor's name, null for a generated one
     * @return the copy
     */
    public SpawnOptions name(String name) {
        return new SpawnOptions(name, machine, capacity, overflow, register, linkTo);
    }

    /**
     * A copy placed on a machine.
     *
     * @param machine the machine; null for the least-loaded
     * @return the copy
     */
    public SpawnOptions on(Machine machine) {
        return new SpawnOptions(name, machine, capacity, overflow, register, linkTo);
    }

    /**
     * A copy with a bounded mailbox.
     *
     * @param capacity the most messages queued at once, at least 1
     * @param overflow what a message that finds the mailbox full does
     * @return the copy
     * @throws IllegalArgumentException if the capacity is below 1
     */
    public SpawnOptions bounded(int capacity, Overflow overflow) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a bounded mailbox holds at least 1 message, not " + capacity);
        }
        return new SpawnOptions(name, machine, capacity, java.util.Objects.requireNonNull(overflow), register,
                linkTo);
    }

    /**
     * A copy that registers the actor under its name ({@link ActorSystem#whereis}) before it starts; the
     * name is released when it exits. Spawning fails with {@link NameTakenException} if a live actor
     * holds the name.
     *
     * @return the copy
     */
    public SpawnOptions registered() {
        return new SpawnOptions(name, machine, capacity, overflow, true, linkTo);
    }

    SpawnOptions linkedTo(ActorRef<?> parent) {
        return new SpawnOptions(name, machine, capacity, overflow, register, parent);
    }

    /**
     * The name, or null.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The mailbox bound, 0 when unbounded.
     *
     * @return the capacity
     */
    public int capacity() {
        return capacity;
    }
}
