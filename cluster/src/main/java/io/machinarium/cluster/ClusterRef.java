package io.machinarium.cluster;

import io.machinarium.actors.ActorRef;
import io.machinarium.actors.ExitReason;
import io.machinarium.actors.Watcher;
import io.machinarium.core.TimedOutException;
import io.machinarium.core.sync.WaitFlag;
import java.time.Duration;

/**
 * A reference this cluster made — to an actor of another node, a registered name, a service group, or a
 * reply subject — with the text form it travels as ({@link Refs}).
 *
 * @param <M> the message type
 */
interface ClusterRef<M> extends ActorRef<M> {
    /** {@return the reference as text, as {@link ActorRefCodec#write} gives it} */
    String wire();

    /** Waits for the exit of an actor of another node by watching it: the shared body of {@code awaitExit}. */
    static ExitReason awaitExitByWatching(ActorRef<?> ref, Duration timeout) {
        final class ExitWait implements Watcher {
            final WaitFlag done = new WaitFlag();
            volatile ExitReason reason;

            @Override
            public void down(ActorRef<?> who, ExitReason r) {
                reason = r;
                done.set();
            }

            @Override
            public boolean isObsolete() {
                return reason != null;
            }
        }
        ExitWait w = new ExitWait();
        ref.signal(new io.machinarium.actors.ActorSignal.Watch(w));
        try {
            w.done.await(timeout);
        } catch (TimedOutException e) {
            ref.signal(new io.machinarium.actors.ActorSignal.Unwatch(w));
            throw new TimedOutException("actor '" + ref.name() + "' did not exit within " + timeout);
        }
        return w.reason;
    }
}
