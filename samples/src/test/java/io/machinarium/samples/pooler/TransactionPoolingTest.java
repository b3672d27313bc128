package io.machinarium.samples.pooler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.testing.Await;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pooler in transaction mode with a users file: it authenticates clients itself (SCRAM-SHA-256, or md5 for
 * an md5 entry) and logs in to the server with the file's credentials; many clients share few server
 * connections.
 */
class TransactionPoolingTest {
    private static final int POOL_SIZE = 4;
    private static Postgres pg;
    private static Pooler pooler;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        pg = Postgres.start();
        String scram2 = pg.sql("postgres", "SELECT rolpassword FROM pg_authid WHERE rolname = 'scram2'");
        UserList users = UserList.parse(List.of(
                "\"postgres\" \"pg-pass\"",
                "\"scram_user\" \"scram-pass\"",
                "\"md5_user\" \"" + Scram.md5Secret("md5-pass", "md5_user") + "\"",
                "\"scram2\" \"" + scram2 + "\""), "test users");
        pooler = Pooler.start(PoolerTesting.settings(pg, PoolMode.TRANSACTION, POOL_SIZE, users));
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
    void aScramUserIsAuthenticatedByThePoolerWhichLogsInWithScramItself() throws Exception {
        assertThat(Postgres.psql(port, "dbname=bench user=scram_user sslmode=require", "scram-pass",
                "SELECT current_user")).isEqualTo("scram_user");
        assertThatThrownBy(() -> Postgres.psql(port, "dbname=bench user=scram_user sslmode=disable", "wrong",
                "SELECT 1")).hasMessageContaining("password authentication failed for user \"scram_user\"");
    }

    @Test
    void anMd5EntryAuthenticatesItsClientWithMd5AndLogsInWithTheHash() throws Exception {
        assertThat(Postgres.psql(port, "dbname=bench user=md5_user sslmode=disable", "md5-pass",
                "SELECT current_user")).isEqualTo("md5_user");
        assertThatThrownBy(() -> Postgres.psql(port, "dbname=bench user=md5_user sslmode=disable", "wrong",
                "SELECT 1")).hasMessageContaining("password authentication failed for user \"md5_user\"");
    }

    @Test
    void aScramSecretEntryLogsInWithTheClientKeyTheClientProved() throws Exception {
        // The file holds the server's own SCRAM secret, no password: the pooler learns the ClientKey from the
        // client's proof and logs in to the server with it.
        assertThat(Postgres.psql(port, "dbname=bench user=scram2 sslmode=disable", "scram2-pass",
                "SELECT current_user")).isEqualTo("scram2");
    }

    @Test
    void anUnknownUserIsRefusedLikeAWrongPassword() {
        assertThatThrownBy(() -> Postgres.psql(port, "dbname=bench user=nobody sslmode=disable", "x",
                "SELECT 1")).hasMessageContaining("password authentication failed for user \"nobody\"");
    }

    @Test
    void pgbenchWithTwentyClientsOnFewServerConnectionsRunsWithoutErrorsAndTheServerCountsEveryTransaction()
            throws Exception {
        Postgres.pgbench(pg.port(), "-i", "-s", "1", "-q");  // COPY straight to the server: set-up is not under test here
        long before = SessionPoolingTest.commits(pg);
        String out = Postgres.pgbenchWith(port, "pg-pass", "-c", "20", "-j", "2", "-T",
                String.valueOf(PoolerTesting.pgbenchSeconds()));
        long processed = SessionPoolingTest.number(out, "number of transactions actually processed: (\\d+)");
        assertThat(processed).isPositive();
        assertThat(out).contains("number of failed transactions: 0");
        Await.until(Duration.ofSeconds(30), () -> SessionPoolingTest.commits(pg) - before >= processed,
                () -> "the server counts " + processed + " commits");
        // 20 clients, and never more server connections than the pools hold: per machine and (database, user)
        assertThat(pooler.metrics().serverConnectionsOpen()).isLessThanOrEqualTo(2L * POOL_SIZE * 4);
        assertThat(pooler.metrics().transactions()).isGreaterThanOrEqualTo(processed);
    }
}
