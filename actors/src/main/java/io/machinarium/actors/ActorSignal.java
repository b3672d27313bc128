package io.machinarium.actors;

import java.util.Objects;

/**
 * What actors tell each other besides messages, as Erlang's runtime does: a link made or removed, a
 * linked actor's exit, a monitor set or cancelled, a stop request. A signal reaches its actor through
 * {@link ActorRef#signal}, the reference's route: straight into the actor's machine for a local actor,
 * over a transport for a remote one. Signals are never counted against a bounded mailbox and never
 * rejected; a signal for an actor that has exited is answered as Erlang answers it (a link or monitor
 * request gets {@link ExitReason.Kind#NO_ACTOR} back).
 *
 * <p>For transports (the {@code cluster} module) and for this package; user code links, monitors and
 * stops through {@link ActorContext} and {@link ActorRef#stop()}.
 *
 * @since 0.1.0
 */
public sealed interface ActorSignal {
    /**
     * {@code from} links itself with the receiver: the receiver records the link, or, if it has exited,
     * answers with a {@link LinkExit} of reason {@link ExitReason.Kind#NO_ACTOR}.
     *
     * @param from the actor that made the link
     */
    record Link(ActorRef<?> from) implements ActorSignal {
        /** Checks the component. */
        public Link {
            Objects.requireNonNull(from, "from");
        }
    }

    /**
     * {@code from} removed its link with the receiver.
     *
     * @param from the actor that removed the link
     */
    record Unlink(ActorRef<?> from) implements ActorSignal {
        /** Checks the component. */
        public Unlink {
            Objects.requireNonNull(from, "from");
        }
    }

    /**
     * A linked actor exited (or, for {@link ExitReason.Kind#NO_CONNECTION}, became unreachable): the
     * receiver gets an {@link Exit} message if it traps exits, else exits too unless the reason was
     * normal.
     *
     * @param from the linked actor
     * @param reason why it exited
     */
    record LinkExit(ActorRef<?> from, ExitReason reason) implements ActorSignal {
        /** Checks the components. */
        public LinkExit {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Asks the receiver to tell {@code watcher} once when it exits (at once, with
     * {@link ExitReason.Kind#NO_ACTOR}, if it has exited already).
     *
     * @param watcher who is told
     */
    record Watch(Watcher watcher) implements ActorSignal {
        /** Checks the component. */
        public Watch {
            Objects.requireNonNull(watcher, "watcher");
        }
    }

    /**
     * The receiver forgets {@code watcher}; it will not be told of the exit.
     *
     * @param watcher who no longer cares
     */
    record Unwatch(Watcher watcher) implements ActorSignal {
        /** Checks the component. */
        public Unwatch {
            Objects.requireNonNull(watcher, "watcher");
        }
    }

    /**
     * Asks the receiver to stop: its current or next blocking call throws
     * {@link io.machinarium.core.CancelledException} and it exits with {@code reason}.
     *
     * @param reason the reason it exits with (the first stop request wins)
     */
    record Stop(ExitReason reason) implements ActorSignal {
        /** Checks the component. */
        public Stop {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
