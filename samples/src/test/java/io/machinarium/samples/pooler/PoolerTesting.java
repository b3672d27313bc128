package io.machinarium.samples.pooler;

import io.machinarium.samples.HostPort;
import io.machinarium.samples.TestCerts;
import io.machinarium.tls.TlsConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/** Settings and small helpers shared by the pooler's tests. */
final class PoolerTesting {
    private PoolerTesting() {
    }

    /**
     * Settings for a pooler on a free loopback port in front of {@code pg}, with TLS offered to clients.
     *
     * @param pg the server
     * @param mode the pool mode
     * @param poolSize per machine and (database, user)
     * @param users the users file, or null
     * @return the settings
     */
    static PoolerSettings settings(Postgres pg, PoolMode mode, int poolSize, UserList users) {
        TlsConfig tls = TlsConfig.server(Path.of(TestCerts.file("server.pem")), Path.of(TestCerts.file("server.key")))
                .build();
        return new PoolerSettings(new HostPort("127.0.0.1", 0), new HostPort("127.0.0.1", pg.port()), 2, mode, poolSize,
                200, tls, users, null, new HostPort("127.0.0.1", 0), Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(60), Duration.ofSeconds(5));
    }

    /** {@return the pooler's client port} */
    static int port(Pooler pooler) {
        return ((InetSocketAddress) pooler.address()).getPort();
    }

    /** {@return how long pgbench runs: the system property {@code pooler.pgbench.seconds}, 10 by default} */
    static int pgbenchSeconds() {
        return Integer.getInteger("pooler.pgbench.seconds", 10);
    }
}
