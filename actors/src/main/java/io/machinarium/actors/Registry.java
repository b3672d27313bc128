package io.machinarium.actors;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The names of one actor system's local actors ({@link ActorSystem#register}, {@link ActorSystem#whereis}):
 * a name held by a live actor cannot be taken; a name whose holder exited is free again and is removed
 * when the holder exits. Each holder also remembers its names, so that its exit releases them without a
 * scan.
 *
 * <p>Thread safety: any thread; lock-free except the holder's own short list of names.
 */
final class Registry {
    private final ConcurrentHashMap<String, ActorCell<?>> names = new ConcurrentHashMap<>();

    /** Registers {@code cell} under {@code name}, replacing a holder that has exited. */
    void register(String name, ActorCell<?> cell) {
        ActorCell<?> old = names.putIfAbsent(name, cell);
        while (old != null && old != cell) {
            if (old.isAlive()) {
                throw new NameTakenException("the name '" + name + "' is held by live actor " + old);
            }
            if (names.replace(name, old, cell)) {
                break;
            }
            old = names.putIfAbsent(name, cell);
        }
        cell.addName(name);
        if (!cell.isAlive()) {
            names.remove(name, cell);  // it exited meanwhile and may have missed this name
        }
    }

    /** Releases {@code name} if {@code cell} still holds it. */
    void unregister(String name, ActorCell<?> cell) {
        names.remove(name, cell);
    }

    /** The live holder of {@code name}, or null. */
    ActorCell<?> whereis(String name) {
        ActorCell<?> c = names.get(name);
        return c != null && c.isAlive() ? c : null;
    }
}
