package io.machinarium.samples.pooler;

import io.machinarium.samples.HostPort;
import io.machinarium.tls.TlsConfig;
import java.time.Duration;

/**
 * What the pooler's command line asked for.
 *
 * @param listen where clients connect
 * @param backend the PostgreSQL server
 * @param machines how many worker machines serve clients (the acceptor is one more)
 * @param mode when server connections go back to their pool
 * @param poolSize the most server connections per (database, user) pool on each worker machine
 * @param maxClients clients beyond this many open ones get an error and are closed
 * @param clientTls TLS offered to clients that send an SSLRequest, or null to answer {@code N}
 * @param users the users file ({@code --auth-file}), or null to trust clients
 * @param backendTls TLS towards the server (asked for with an SSLRequest), or null for plaintext
 * @param admin where the admin HTTP listener listens, or null for none
 * @param grace how long open clients may take to finish on SIGTERM/SIGINT
 * @param waitTimeout how long a client waits for a server connection before it gets an error
 * @param idleTimeout how long a server connection may sit unused in its pool before it is closed
 * @param connectTimeout how long opening and logging in to one server connection may take
 */
record PoolerSettings(HostPort listen, HostPort backend, int machines, PoolMode mode, int poolSize, int maxClients,
                      TlsConfig clientTls, UserList users, TlsConfig backendTls, HostPort admin, Duration grace,
                      Duration waitTimeout, Duration idleTimeout, Duration connectTimeout) {
}
