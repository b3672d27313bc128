/**
 * Serving: what every server built on the toolkit needs around its per-connection code.
 * {@link io.machinarium.net.server.Server} is an acceptor machine with one or more listeners (TCP and Unix
 * sockets) that hands each connection, detached, to a worker machine ({@link io.machinarium.net.server.WorkerBalance}:
 * round robin or least connections), where the connection's own coroutine runs a
 * {@link io.machinarium.net.server.ConnectionHandler}; with a connection limit, accept errors that are transient,
 * counters, and a graceful shutdown whose {@link io.machinarium.net.server.DrainReport} says what it forced.
 * {@link io.machinarium.net.server.ServerBuilder} describes a server, {@link io.machinarium.net.server.ServerEvents}
 * hears what a program may log or count.
 *
 * <pre>{@code
 * Server server = Server.builder("echo")
 *         .acceptor(rt.machine(0))
 *         .workers(rt.machines().subList(1, 3))
 *         .listen("tcp", new InetSocketAddress("127.0.0.1", 7000))
 *         .start(io -> {
 *             for (ByteBuf b = io.readSome(null); b != null; b = io.readSome(null)) {
 *                 io.write(b);
 *             }
 *         });
 * ...
 * DrainReport r = server.shutdown(Duration.ofSeconds(5));
 * }</pre>
 *
 * <p>Where each mechanism lives: {@code Server} (the facade: start, counters, shutdown), {@code ServerBuilder}
 * (what a server is made of), {@code ServerLifetime} (the server's coroutine and its two scopes: accept loops,
 * connections; stop accepting, drain), {@code AcceptLoop} (one listener's loop, accept errors told once per run),
 * {@code HandOff} (the limit, the hand-off to a worker, the connection's coroutine, which contains its failure),
 * {@code Workers} (the choice of a worker), {@code ServerCounters}, {@code GuardedEvents} (a program's
 * callbacks cannot break the server).
 */
package io.machinarium.net.server;
