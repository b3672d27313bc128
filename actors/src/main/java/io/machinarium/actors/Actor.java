package io.machinarium.actors;

/**
 * The code of an actor: a procedural body that runs as a coroutine on its machine and takes its
 * messages with {@link ActorContext#receive()}. Returning ends the actor normally; throwing ends it as
 * crashed, which its links, monitors and supervisor see as the exit reason.
 *
 * <pre>{@code
 * sealed interface Counter permits Add, Get {}
 * record Add(int n) implements Counter {}
 * record Get(ActorRef<Integer> replyTo) implements Counter {}
 *
 * ActorRef<Counter> counter = system.spawn("counter", (ActorContext<Counter> ctx) -> {
 *     int total = 0;
 *     for (;;) {
 *         switch (ctx.receive()) {
 *             case Add a -> total += a.n();
 *             case Get g -> g.replyTo().tell(total);
 *         }
 *     }
 * });
 * int now = counter.ask(Get::new, Duration.ofSeconds(1));
 * }</pre>
 *
 * @param <M> the type of the messages the actor receives
 * @since 0.1.0
 */
@FunctionalInterface
public interface Actor<M> {
    /**
     * Runs the actor until it returns (a normal exit) or throws (a crash). Runs on the actor's machine
     * thread; blocking calls suspend only this actor.
     *
     * @param ctx the actor's own context: its mailbox, timers, links and monitors
     * @throws Exception any failure, which ends the actor with {@link ExitReason.Kind#CRASHED}
     */
    void run(ActorContext<M> ctx) throws Exception;
}
