/**
 * Erlang-style actors on machines: each actor is a coroutine with a mailbox, so it can block in
 * {@link io.machinarium.actors.ActorContext#receive()}, receive selectively, sleep, or wait for a reply
 * ({@link io.machinarium.actors.ActorRef#ask}).
 *
 * <p>Entry points: {@link io.machinarium.actors.ActorSystem} (spawn, registry, dead letters),
 * {@link io.machinarium.actors.Actor} and {@link io.machinarium.actors.ActorContext} (an actor's code and
 * its view of itself), {@link io.machinarium.actors.Supervisor} with
 * {@link io.machinarium.actors.SupervisorSpec} and {@link io.machinarium.actors.ChildSpec} (supervision
 * trees; {@link io.machinarium.actors.Supervisor#startAndAwait} returns once every child runs),
 * {@link io.machinarium.actors.ServerBehaviour} and {@link io.machinarium.actors.ServerRef} (the gen_server
 * shape; requests that implement {@link io.machinarium.actors.Call} get typed replies).
 *
 * <p>Types: what the compiler can check, it does (a {@code Call<R>} returns an {@code R}, a
 * {@code ChildSpec<T>} finds a {@code T}); a lookup by name or id is checked at run time against the type
 * the actor's class declares, with an error naming both types.
 *
 * <p>Delivery: a message to an actor on the sender's machine goes straight into its mailbox; to another
 * machine it is one offer to that machine's lock-free inbox, which wakes the machine only if it sleeps.
 *
 * <p>Mechanism → file. References: {@code ActorRef}, {@code ActorAddress} (node and number), {@code ActorCell}
 * (a local actor and its local route), {@code ReplySlot} (a request's one-shot reply). An actor's life:
 * {@code ActorLife} (start, body, exit and who is told), {@code ExitReason}; its mailbox: {@code Mailbox}
 * (bound, overflow, plain and selective take), {@code Overflow}, {@code MailboxFullException},
 * {@code MailboxStats}, {@code MailboxCensus} (the system-wide snapshot, counted by each machine); links and monitors: {@code Links} (keyed by address), {@code ActorSignal} (what actors
 * tell each other besides messages), {@code Watcher}, {@code Monitor}, {@code Exit}, {@code Down}; timers:
 * {@code TimerRef}. The system: {@code ActorSystem} (the facade), {@code SpawnOptions}, {@code Placement}
 * (which machine), {@code LiveActors} (alive per machine), {@code Registry} with {@code NameTakenException},
 * {@code DeadLetters} and {@code DeadLetter}. Supervision: {@code Supervisor}, {@code SupervisorSpec},
 * {@code ChildSpec}, {@code Restart}, {@code Strategy}, {@code SupervisorActor} (the supervisor's loop),
 * {@code SupervisorGaveUpException}. The gen_server shape: {@code ServerBehaviour}, {@code ServerRef},
 * {@code ServerContext}, {@code ServerActor} (its loop), {@code ServerMessage}, {@code IdleTimeout};
 * {@code ActorExitedException} when a request's actor exits first.
 */
package io.machinarium.actors;
