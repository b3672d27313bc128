package io.machinarium.actors;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The links and watchers of one actor, keyed by address: who exits with it (links, both ways) and who is
 * told once when it exits (monitors and the reply slots of pending requests). Made at the first link or
 * watcher, so an actor that has neither costs nothing for them.
 *
 * <p>Machine-confined: touched only on the actor's machine thread.
 */
final class Links {
    private static final Logger LOG = LoggerFactory.getLogger(Links.class);

    private ArrayList<ActorRef<?>> linked;
    private ArrayList<Watcher> watchers;
    private int pruneWatchersAt = 16;

    /** Applies a link, unlink, watch or unwatch signal to a live actor's links. */
    void onSignal(ActorSignal signal) {
        switch (signal) {
            case ActorSignal.Link l -> link(l.from());
            case ActorSignal.Unlink u -> unlink(u.from());
            case ActorSignal.Watch w -> watch(w.watcher());
            case ActorSignal.Unwatch w -> unwatch(w.watcher());
            case ActorSignal.LinkExit e -> unlink(e.from());
            case ActorSignal.Stop st -> {
                // not a change of links: the actor handles it
            }
        }
    }

    /** Records a link; false if {@code other} (by address) was linked already. */
    boolean link(ActorRef<?> other) {
        if (linked == null) {
            linked = new ArrayList<>(2);
        } else if (linked.contains(other)) {
            return false;
        }
        linked.add(other);
        return true;
    }

    /** Forgets a link; false if there was none. */
    boolean unlink(ActorRef<?> other) {
        return linked != null && linked.remove(other);
    }

    /** Adds a watcher, first dropping obsolete ones when the list has grown (answered requests pile up). */
    void watch(Watcher w) {
        if (watchers == null) {
            watchers = new ArrayList<>(4);
        }
        if (watchers.size() >= pruneWatchersAt) {
            watchers.removeIf(Watcher::isObsolete);
            pruneWatchersAt = Math.max(16, watchers.size() * 2);
        }
        watchers.add(w);
    }

    void unwatch(Watcher w) {
        if (watchers != null) {
            watchers.remove(w);
        }
    }

    /** Whether anyone would learn of the actor's exit. */
    boolean observed() {
        return (linked != null && !linked.isEmpty()) || (watchers != null && !watchers.isEmpty());
    }

    /** At exit: tells every linked actor and every watcher why {@code self} exited, and forgets them all. */
    void exited(ActorRef<?> self, ExitReason reason) {
        List<ActorRef<?>> l = linked == null ? List.of() : linked;
        List<Watcher> w = watchers == null ? List.of() : watchers;
        linked = null;
        watchers = null;
        for (ActorRef<?> other : l) {
            try {
                other.signal(new ActorSignal.LinkExit(self, reason));
            } catch (RuntimeException e) {  // a transport's fault must not stop the others from hearing
                LOG.warn("the exit of actor '{}' could not be signalled to linked actor '{}'", self.name(),
                        other.name(), e);
            }
        }
        for (Watcher watcher : w) {
            try {
                watcher.down(self, reason);
            } catch (RuntimeException e) {
                LOG.warn("the exit of actor '{}' could not be told to watcher {}", self.name(), watcher, e);
            }
        }
    }
}
