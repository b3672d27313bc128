package io.machinarium.samples.pooler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.testing.Await;
import io.machinarium.samples.ChildProcess;
import io.machinarium.samples.HostPort;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the pooler does with bad input and failures: broken startup packets, a message length that lies, a
 * client that disconnects mid-transaction, a pool that stays exhausted, a server that is down. Transaction mode,
 * one server connection per machine, so that the next client gets the connection the last one left.
 */
class PoolerBadInputTest {
    private static Postgres pg;
    private static Pooler pooler;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        pg = Postgres.start();
        pg.sql("bench", "CREATE TABLE marks(x int)");
        pooler = Pooler.start(PoolerTesting.settings(pg, PoolMode.TRANSACTION, 1, null));
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
    void aStartupPacketWithAnImpossibleLengthGetsAProtocolViolation() throws Exception {
        assertThat(fatalFor(ByteBuffer.allocate(8).putInt(3).putInt(196608).array()))
                .contains("08P01").contains("invalid length of startup packet: 3");
    }

    @Test
    void anOversizedStartupPacketGetsAProtocolViolationBeforeItIsRead() throws Exception {
        assertThat(fatalFor(ByteBuffer.allocate(8).putInt(1_000_000).putInt(196608).array()))
                .contains("08P01").contains("invalid length of startup packet: 1000000");
    }

    @Test
    void aStartupPacketWithoutItsTerminatorGetsAProtocolViolation() throws Exception {
        byte[] params = "user\0postgres\0database".getBytes();
        ByteBuffer b = ByteBuffer.allocate(8 + params.length).putInt(8 + params.length).putInt(196608).put(params);
        assertThat(fatalFor(b.array())).contains("08P01").contains("invalid startup packet layout");
    }

    @Test
    void aStartupPacketWithoutAUserGetsAProtocolViolation() throws Exception {
        byte[] params = "database\0bench\0\0".getBytes();
        ByteBuffer b = ByteBuffer.allocate(8 + params.length).putInt(8 + params.length).putInt(196608).put(params);
        assertThat(fatalFor(b.array())).contains("08P01").contains("no PostgreSQL user name");
    }

    @Test
    void aMessageLengthBelowFourEndsTheClientWithAProtocolViolationAndTheServerConnectionStaysClean()
            throws Exception {
        try (RawClient c = new RawClient(port)) {
            assertThat(c.login("bench")).extracting(RawClient.Message::type).endsWith('Z');
            c.send(new byte[] {'Q', 0, 0, 0, 2});
            RawClient.Message m = c.read();
            assertThat(m.type()).isEqualTo('E');
            assertThat(m.text()).contains("08P01").contains("invalid length 2");
            assertThat(c.read()).as("closed after the error").isNull();
        }
        assertThat(psql("SELECT 1")).isEqualTo("1");
    }

    @Test
    void aClientThatDisconnectsInsideAMessageLeavesNoHalfMessageForTheNextClient() throws Exception {
        long dirty = pooler.metrics().errors("server_dirty_closed");
        try (RawClient c = new RawClient(port)) {
            c.login("bench");
            // A query whose length promises 100 bytes, 10 of them sent: the server holds half a message.
            c.send(ByteBuffer.allocate(15).put((byte) 'Q').putInt(100).put("SELECT 1;\0".getBytes()).array());
            Await.until(Duration.ofSeconds(10), () -> pooler.metrics().serverConnectionsActive() > 0,
                    () -> "the half message reached a server connection");
            c.abort();
        }
        Await.until(Duration.ofSeconds(10), () -> pooler.metrics().errors("server_dirty_closed") > dirty,
                () -> "the server connection with half a message in it closed");
        assertThat(psql("SELECT 7")).isEqualTo("7");
    }

    @Test
    void aClientThatDisconnectsMidTransactionIsRolledBackAndNeverHandsTheTransactionOn() throws Exception {
        try (RawClient c = new RawClient(port)) {
            c.login("bench");
            List<RawClient.Message> r = c.query("BEGIN; INSERT INTO marks VALUES (42)");
            assertThat(r.get(r.size() - 1).body()).containsExactly('T');
            c.abort();
        }
        for (int i = 0; i < 4; i++) {  // more clients than machines: each machine's connection is looked at
            assertThat(psql("SELECT count(*) FROM marks WHERE x = 42")).isEqualTo("0");
            assertThat(psql("SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'"))
                    .isEqualTo("0");
        }
    }

    @Test
    void aClientWaitingLongerThanTheWaitTimeoutForAServerConnectionGetsAnError() throws Exception {
        PoolerSettings s = PoolerTesting.settings(pg, PoolMode.TRANSACTION, 1, null);
        s = new PoolerSettings(s.listen(), s.backend(), 1, s.mode(), 1, 10, null, null, null, null, s.grace(),
                Duration.ofMillis(300), s.idleTimeout(), s.connectTimeout());
        try (Pooler small = Pooler.start(s); RawClient holder = new RawClient(PoolerTesting.port(small))) {
            holder.login("bench");
            holder.query("BEGIN");  // holds the only server connection
            assertThatThrownBy(() -> Postgres.psql(PoolerTesting.port(small), "dbname=bench user=postgres "
                    + "sslmode=disable", null, "SELECT 1")).hasMessageContaining("no server connection for "
                    + "postgres@bench became free within 300 ms");
            assertThat(small.metrics().errors("pool_exhausted")).isEqualTo(1);
        }
    }

    @Test
    void aServerThatIsDownGetsTheClientAnErrorNamingIt() throws Exception {
        int closed = ChildProcess.freePort();
        PoolerSettings s = PoolerTesting.settings(pg, PoolMode.SESSION, 1, null);
        s = new PoolerSettings(s.listen(), new HostPort("127.0.0.1", closed), 1, s.mode(), 1, 10, null, null, null,
                null, s.grace(), s.waitTimeout(), s.idleTimeout(), s.connectTimeout());
        try (Pooler down = Pooler.start(s)) {
            assertThatThrownBy(() -> Postgres.psql(PoolerTesting.port(down), "dbname=bench user=postgres "
                    + "sslmode=disable", null, "SELECT 1")).hasMessageContaining("cannot connect to the server at "
                    + "127.0.0.1:" + closed);
            assertThat(down.metrics().errors("backend_down")).isEqualTo(1);
        }
    }

    private static String psql(String sql) throws Exception {
        return Postgres.psql(port, "dbname=bench user=postgres sslmode=disable", null, sql);
    }

    /** Sends an opening, returns the text of the ErrorResponse the pooler answers (then it must close). */
    private static String fatalFor(byte[] opening) throws Exception {
        try (RawClient c = new RawClient(port)) {
            c.send(opening);
            RawClient.Message m = c.read();
            assertThat(m).isNotNull();
            assertThat(m.type()).isEqualTo('E');
            assertThat(c.read()).as("closed after the error").isNull();
            return m.text();
        }
    }
}
