package io.machinarium.actors;

import io.machinarium.core.Machine;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Where a new actor goes when its spawn names no machine: the machine with the fewest live actors of
 * the system, preferring the caller's own machine on a tie (a message to a neighbour on the same machine
 * costs no inbox hop).
 *
 * <p>Thread safety: any thread; the counts are atomic and only approximately current.
 */
final class Placement {
    private final List<Machine> machines;
    /** Live actors per machine, index = position in {@link #machines}. */
    private final AtomicIntegerArray load;

    Placement(List<Machine> machines) {
        this.machines = machines;
        this.load = new AtomicIntegerArray(machines.size());
    }

    Machine leastLoaded() {
        int best = 0;
        int bestLoad = Integer.MAX_VALUE;
        Machine here = Machine.current();
        for (int i = 0; i < machines.size(); i++) {
            int l = load.get(i);
            if (l < bestLoad || (l == bestLoad && machines.get(i) == here)) {
                best = i;
                bestLoad = l;
            }
        }
        return machines.get(best);
    }

    /** An actor was placed on {@code m}. */
    void placed(Machine m) {
        int slot = machines.indexOf(m);
        if (slot >= 0) {
            load.incrementAndGet(slot);
        }
    }

    /** An actor on {@code m} exited (or never started). */
    void left(Machine m) {
        int slot = machines.indexOf(m);
        if (slot >= 0) {
            load.decrementAndGet(slot);
        }
    }
}
