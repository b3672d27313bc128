/**
 * {@code bin/sample pooler}: a PostgreSQL connection pooler in Odyssey's shape, in front of one server.
 *
 * <p>The acceptor machine hands each client to a worker machine ({@link io.machinarium.net.server.Server}). On
 * the worker, {@code ClientSession} reads the opening ({@code Startup}: {@code SSLRequest} answered {@code S} and
 * the connection upgraded in place with {@link io.machinarium.tls.Tls#upgrade}, a {@code CancelRequest}
 * forwarded by {@code CancelKeys}, or the startup message), authenticates the client ({@code ClientAuth} against
 * the users file, or passthrough to the server in {@code ServerLogin}), takes a server connection from the
 * worker's {@code Pool} for its (database, user) and hands both to a {@code Link}, the relay that follows
 * {@code ReadyForQuery} to know when the server connection can go back ({@code ServerReset} cleans it first).
 * {@code PoolerMetrics} and {@code AdminHttp} are the admin side; {@code PoolerSample} the command line.
 */
package io.machinarium.samples.pooler;
