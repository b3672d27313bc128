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
 */
package io.machinarium.actors;
