package io.machinarium.samples.pooler;

import io.machinarium.core.MachinariumException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The queries the pooler runs on a server connection between clients: the client's own startup parameters
 * ({@code SET application_name TO ...}) when they differ from what the connection has, and the clean-up
 * before a connection goes back to its pool — {@code ROLLBACK} of a transaction left open, and in session mode
 * {@code DISCARD ALL} (prepared statements, temporary tables, session parameters, advisory locks, listens).
 * Each is one simple query whose responses the pooler reads itself up to {@code ReadyForQuery}.
 */
final class ServerReset {
    /** How long one of these queries may take before the connection is given up. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Startup parameters that are not run-time settings. */
    private static final Set<String> NOT_SETTINGS = Set.of("user", "database", "options", "replication");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    private static final int MAX_RESPONSE = 1 << 20;

    private ServerReset() {
    }

    /**
     * Makes the connection's settings those the client asked for in its startup packet. Blocks the calling
     * coroutine for one round trip when anything differs, not at all otherwise.
     *
     * @param server the connection, idle
     * @param startup the client's startup parameters
     * @throws PoolerException the server's error if it refused a setting (the client is told it, and the
     *     connection stays usable)
     */
    static void apply(ServerConnection server, Map<String, String> startup) {
        StringBuilder sql = null;
        for (Map.Entry<String, String> p : startup.entrySet()) {
            String name = p.getKey();
            if (NOT_SETTINGS.contains(name) || p.getValue().equals(server.params().get(name))) {
                continue;
            }
            if (!NAME.matcher(name).matches()) {
                throw new PoolerException(Wire.PROTOCOL_VIOLATION, "bad_startup", "unsupported startup parameter "
                        + name);
            }
            sql = sql == null ? new StringBuilder() : sql.append("; ");
            sql.append("SET ").append(name).append(" TO '").append(p.getValue().replace("'", "''")).append('\'');
        }
        if (sql == null) {
            return;
        }
        Frame error = run(server, sql.toString());
        if (error != null) {
            throw new PoolerException("bad_startup", error);
        }
        for (Map.Entry<String, String> p : startup.entrySet()) {
            if (!NOT_SETTINGS.contains(p.getKey())) {
                server.params().put(p.getKey(), p.getValue());  // also the settings the server does not report
            }
        }
    }

    /**
     * Cleans a connection whose client is done with it and says whether it may go back to the pool.
     * Blocks the calling coroutine. Never throws for a server failure: the answer is false then.
     *
     * @param server the connection, at a message boundary with no query outstanding
     * @param mode session mode also discards the session's state
     * @return true if it is clean and idle
     */
    static boolean clean(ServerConnection server, PoolMode mode) {
        try {
            if (server.status() != 'I' && run(server, "ROLLBACK") != null) {
                return false;
            }
            if (mode == PoolMode.SESSION && run(server, "DISCARD ALL") != null) {
                return false;
            }
            return server.status() == 'I' && server.poolable();
        } catch (MachinariumException | PoolerException | ProtocolException e) {
            return false;
        }
    }

    /** Runs one simple query; reads up to ReadyForQuery, keeping the reported settings. @return its error or null */
    private static Frame run(ServerConnection server, String sql) {
        server.io().write(Wire.query(sql));
        Frame error = null;
        for (;;) {
            Frame f = Frame.read(server.io(), TIMEOUT, MAX_RESPONSE);
            switch (f.type()) {
                case 'E' -> error = error == null ? f : error;
                case 'S' -> {
                    String[] p = f.parameter();
                    if (p != null) {
                        server.params().put(p[0], p[1]);
                    }
                }
                case 'Z' -> {
                    server.status(f.body().length > 0 ? (char) f.body()[0] : 'E');
                    return error;
                }
                default -> { }
            }
        }
    }
}
