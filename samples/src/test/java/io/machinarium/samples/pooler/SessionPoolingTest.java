package io.machinarium.samples.pooler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.testing.Await;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pooler in session mode in front of a real PostgreSQL server, driven by psql and pgbench. */
class SessionPoolingTest {
    private static Postgres pg;
    private static Pooler pooler;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        pg = Postgres.start();
        pooler = Pooler.start(PoolerTesting.settings(pg, PoolMode.SESSION, 20, null));
        port = PoolerTesting.port(pooler);
    }

    @AfterAll
    static void stop() throws Exception {
        if (pooler != null) {
            pooler.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void psqlRunsAQueryThroughThePoolerWithoutTls() throws Exception {
        assertThat(Postgres.psql(port, "dbname=postgres user=postgres sslmode=disable", null,
                "SELECT current_user || ' ' || current_database()")).isEqualTo("postgres postgres");
    }

    @Test
    void psqlWithSslmodeRequireGetsTlsFromThePooler() throws Exception {
        // psql refuses to go on without TLS under sslmode=require; \conninfo names the protocol it got
        String out = Postgres.psql(port, "dbname=postgres user=postgres sslmode=require", null, "SELECT 42");
        assertThat(out).isEqualTo("42");
        String info = Postgres.psql(port, "dbname=postgres user=postgres sslmode=require", null, "\\conninfo");
        assertThat(info).contains("SSL connection (protocol: TLSv1.");
    }

    @Test
    void scramAndMd5UsersAuthenticateWithTheServerThroughThePooler() throws Exception {
        assertThat(Postgres.psql(port, "dbname=bench user=scram_user sslmode=disable", "scram-pass",
                "SELECT current_user")).isEqualTo("scram_user");
        assertThat(Postgres.psql(port, "dbname=bench user=md5_user sslmode=require", "md5-pass",
                "SELECT current_user")).isEqualTo("md5_user");
        assertThatThrownBy(() -> Postgres.psql(port, "dbname=bench user=scram_user sslmode=disable", "wrong",
                "SELECT 1")).hasMessageContaining("password authentication failed for user \"scram_user\"");
    }

    @Test
    void aDirtySessionNeverLeaksIntoTheNextClientsSession() throws Exception {
        String db = "dbname=bench user=postgres sslmode=disable application_name=dirty";
        // One psql leaves a transaction open, a parameter set, a prepared statement, a temporary table.
        Postgres.psql(port, db, null, "SET work_mem = '77MB'; PREPARE leak AS SELECT 1; CREATE TEMP TABLE leak(x int);"
                + " BEGIN; INSERT INTO leak VALUES (1)");
        for (int i = 0; i < 3; i++) {
            String seen = Postgres.psql(port, db, null, "SELECT current_setting('work_mem') || ' ' || "
                    + "(SELECT count(*) FROM pg_prepared_statements) || ' ' || "
                    + "(SELECT count(*) FROM pg_class WHERE relname = 'leak' AND relpersistence = 't') || ' ' || "
                    + "(SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%')");
            assertThat(seen).isEqualTo("4MB 0 0 0");
        }
    }

    @Test
    void pgbenchInitThenTwentyClientsRunWithoutErrorsAndTheServerCountsEveryTransaction() throws Exception {
        Postgres.pgbench(port, "-i", "-s", "1", "-q");
        long before = commits();
        String out = Postgres.pgbench(port, "-c", "20", "-j", "2", "-T", String.valueOf(PoolerTesting.pgbenchSeconds()));
        long processed = number(out, "number of transactions actually processed: (\\d+)");
        assertThat(processed).isPositive();
        assertThat(out).contains("number of failed transactions: 0");
        // Each pgbench transaction is one COMMIT on the server; the pooler's resets and pgbench's own set-up
        // queries add a few more, never fewer. Idle backends report their counts within a second or so.
        Await.until(Duration.ofSeconds(30), () -> commits() - before >= processed,
                () -> "the server counts " + processed + " commits");
    }

    @Test
    void aCancelRequestReachesTheBackendThatRunsTheClientsQuery() throws Exception {
        Process victim = Postgres.spawn(List.of("psql", "host=127.0.0.1 port=" + port
                + " dbname=postgres user=postgres sslmode=disable application_name=victim", "-X", "-Atc",
                "SELECT pg_sleep(60)"), null);
        Process bystander = Postgres.spawn(List.of("psql", "host=127.0.0.1 port=" + port
                + " dbname=postgres user=postgres sslmode=disable application_name=bystander", "-X", "-Atc",
                "SELECT pg_sleep(60)"), null);
        try {
            Await.until(Duration.ofSeconds(30), () -> sleeping("victim") && sleeping("bystander"),
                    () -> "both pg_sleep queries running on the server");
            new ProcessBuilder("kill", "-INT", String.valueOf(victim.pid())).start().waitFor();  // psql sends a CancelRequest
            String out = new String(victim.getInputStream().readAllBytes());
            victim.waitFor();
            assertThat(out).contains("canceling statement due to user request");
            assertThat(sleeping("bystander")).as("the other client's query still runs").isTrue();
        } finally {
            victim.destroyForcibly();
            bystander.destroyForcibly();
        }
    }

    @Test
    void aRestartedServerIsReconnectedToAndTheNextClientIsServed() throws Exception {
        assertThat(Postgres.psql(port, "dbname=postgres user=postgres sslmode=disable", null, "SELECT 1")).isEqualTo("1");
        pg.restart();
        assertThat(Postgres.psql(port, "dbname=postgres user=postgres sslmode=disable", null, "SELECT 2")).isEqualTo("2");
    }

    @Test
    void theAdminListenerServesPrometheusMetricsAndTheCoroutineDump() throws Exception {
        Postgres.psql(port, "dbname=postgres user=postgres sslmode=disable", null, "SELECT 1");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String base = "http://" + io.machinarium.samples.HostPort.format(pooler.adminAddress());
        var metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("pooler_clients{state=\"waiting\"}", "pooler_server_connections{state=\"idle\"}",
                "pooler_transactions_total", "pooler_queries_total", "pooler_bytes_total{direction=\"client_to_server\"}",
                "pooler_errors_total{kind=\"pool_exhausted\"}");
        var dump = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/coroutines")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(dump.statusCode()).isEqualTo(200);
        assertThat(dump.body()).contains("pool sweeper");
    }

    private static boolean sleeping(String app) {
        try {
            return pg.sql("postgres", "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + app
                    + "' AND state = 'active' AND query LIKE 'SELECT pg_sleep%'").equals("1");
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@return the commits the server counted in database bench} (a new backend sees the latest counts) */
    static long commits(Postgres pg) {
        try {
            return Long.parseLong(pg.sql("postgres", "SELECT xact_commit FROM pg_stat_database WHERE datname = 'bench'"));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long commits() {
        return commits(pg);
    }

    static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("'" + regex + "' in:\n" + text).isTrue();
        return Long.parseLong(m.group(1));
    }
}
