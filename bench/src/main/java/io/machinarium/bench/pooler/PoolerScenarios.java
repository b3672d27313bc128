package io.machinarium.bench.pooler;

import io.machinarium.bench.harness.Mode;
import io.machinarium.bench.harness.Pairs;
import io.machinarium.bench.harness.Row;
import io.machinarium.bench.proc.Child;
import io.machinarium.bench.proc.Cores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario {@code pooler}: the pooler sample (one worker machine) against pgbouncer (one thread), both pinned to
 * the server core, in front of one PostgreSQL 15 server (not pinned): {@code pgbench -c 50 -j 2} select-only
 * ({@code -S}) and the default TPC-B-like script, in session and transaction mode, and in transaction mode with
 * TLS towards the clients; and ours against pgbench straight to the server. Pool size 20 on both in
 * transaction mode, 50 in session mode (one per client). Rows:
 * transactions per second and p99 latency ({@link PgBench}). Skipped, saying so, where PostgreSQL 15, pgbench or
 * pgbouncer is not installed. Targets (issue #20): at least 1.0× pgbouncer's transactions per second in both modes
 * and with TLS, a p99 no worse.
 */
public final class PoolerScenarios {
    private static final String TPS = "transactions/s (higher is better)";
    private static final String P99 = "ms, p99 latency (lower is better)";
    /** Transaction mode: 50 clients share 20 server connections. */
    private static final int POOL_SIZE = 20;
    /** Session mode: a client holds its server connection for the whole run, so each of the 50 needs one. */
    private static final int SESSION_POOL_SIZE = 50;

    private PoolerScenarios() {
    }

    /**
     * Runs the scenario; blocks for the whole run and stops every process it started.
     *
     * @param mode run length
     * @return the rows
     */
    public static List<Row> run(Mode mode) {
        List<Row> rows = new ArrayList<>();
        if (!PgServers.available()) {
            System.err.println("# pooler: PostgreSQL 15, pgbench or pgbouncer is not installed (Debian: postgresql,"
                    + " pgbouncer); the pooler rows are skipped");
            return rows;
        }
        int seconds = mode.size(20, 5, 2);
        try (PgServers pg = PgServers.start()) {
            PgBench.init(pg.port(), mode.size(10, 5, 1));
            for (String poolMode : List.of("session", "transaction")) {
                int size = poolMode.equals("session") ? SESSION_POOL_SIZE : POOL_SIZE;
                int bouncer = pg.pgbouncer(poolMode, size, false);
                try (Ours ours = startOurs(pg, poolMode, size, false)) {
                    int port = ours.port();
                    for (boolean select : List.of(true, false)) {
                        rows.addAll(side(mode, poolMode, select, false, seconds, port, bouncer));
                    }
                    if (poolMode.equals("transaction")) {
                        rows.add(direct(mode, seconds, port, pg.port()));
                    }
                }
            }
            int bouncerTls = pg.pgbouncer("transaction", POOL_SIZE, true);
            try (Ours ours = startOurs(pg, "transaction", POOL_SIZE, true)) {
                rows.addAll(side(mode, "transaction", true, true, seconds, ours.port(), bouncerTls));
            }
        }
        return rows;
    }

    private static List<Row> side(Mode mode, String poolMode, boolean select, boolean tls, int seconds, int ours,
                                  int bouncer) {
        String what = "pooler " + poolMode + (tls ? " + client TLS" : "") + ", pgbench " + (select ? "-S" : "TPC-B")
                + " -c 50 -j 2 -T " + seconds;
        int least = mode.size(6, 5, 1);
        int most = mode.size(12, 8, 2);
        PgBench.warm(ours, select, tls, 3, least, most);
        PgBench.warm(bouncer, select, tls, 3, least, most);
        return Pairs.pairs(List.of(what + ": tps", what + ": p99"), "pgbouncer 1.18 " + poolMode
                + (tls ? " + client TLS" : "") + ", 1 thread", List.of(TPS, P99), mode.pairs(),
                () -> PgBench.run(ours, select, tls, seconds), () -> PgBench.run(bouncer, select, tls, seconds));
    }

    private static Row direct(Mode mode, int seconds, int ours, int server) {
        return Pairs.pair("pooler transaction, pgbench -S -c 50 -j 2 -T " + seconds + ": tps against no pooler",
                "pgbench straight to PostgreSQL 15 (50 server processes)", TPS, mode.pairs(),
                () -> PgBench.run(ours, true, false, seconds)[0], () -> PgBench.run(server, true, false, seconds)[0]);
    }

    /** The pooler sample running, and its port. */
    private record Ours(Child process, int port) implements AutoCloseable {
        @Override
        public void close() {
            process.close();
        }
    }

    private static Ours startOurs(PgServers pg, String poolMode, int size, boolean tls) {
        int port = Child.freePort();
        List<String> args = new ArrayList<>(List.of("pooler", "--listen", "127.0.0.1:" + port, "--backend",
                "127.0.0.1:" + pg.port(), "--machines", "1", "--pool-mode", poolMode, "--pool-size",
                String.valueOf(size), "--max-clients", "1000", "--admin", "off"));
        if (tls) {
            args.addAll(List.of("--tls-cert", pg.cert().toString(), "--tls-key", pg.key().toString()));
        }
        List<String> cmd = Child.java(Cores.server(), List.of("-Xms512m", "-Xmx512m"),
                "io.machinarium.samples.launch.SampleMain", args.toArray(String[]::new));
        return new Ours(Child.start("pooler-" + poolMode + (tls ? "-tls" : ""), cmd, null)
                .awaitPort(port, Duration.ofSeconds(60)), port);
    }
}
