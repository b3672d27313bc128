package io.machinarium.samples.pooler;

import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.CoroutineInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The relay's coroutines in transaction mode: a client keeps the same two for its whole life — the one reading
 * the client and the one relaying whichever server connection it holds, waiting between transactions — so a
 * transaction costs no new coroutine.
 */
class RelayLifetimeTest {
    private static final Duration DUMP_TIMEOUT = Duration.ofSeconds(10);
    private static Postgres pg;
    private static Pooler pooler;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        pg = Postgres.start();
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
    void aClientKeepsTheSameRelayCoroutinesAcrossTransactionsAndItsServerRelayWaitsBetweenThem() throws Exception {
        Set<Long> before = ids(coroutines());
        try (RawClient c = new RawClient(port)) {
            assertThat(c.login("bench")).extracting(RawClient.Message::type).endsWith('Z');
            assertThat(c.query("SELECT 1")).extracting(RawClient.Message::type).endsWith('Z');
            Map<Long, CoroutineInfo> afterFirst = theClients(before);
            for (int i = 0; i < 10; i++) {
                assertThat(c.query("SELECT " + i)).extracting(RawClient.Message::type).endsWith('Z');
            }
            Map<Long, CoroutineInfo> afterMore = theClients(before);

            assertThat(afterMore.keySet()).as("the client's coroutines after ten more transactions")
                    .isEqualTo(afterFirst.keySet());
            assertThat(afterFirst.values().stream().filter(RelayLifetimeTest::relays))
                    .as("the client's coroutines in the relay between two transactions: the one reading the client"
                            + " and the one waiting for its next server connection; all: " + afterFirst.values())
                    .hasSize(2);
        }
    }

    /** The coroutines that are not in {@code before}: this client's. */
    private static Map<Long, CoroutineInfo> theClients(Set<Long> before) {
        return coroutines().stream().filter(ci -> !before.contains(ci.id()))
                .collect(Collectors.toMap(CoroutineInfo::id, Function.identity()));
    }

    private static boolean relays(CoroutineInfo ci) {
        return ci.stack().stream().anyMatch(frame -> frame.toString().startsWith(Link.class.getName()));
    }

    private static List<CoroutineInfo> coroutines() {
        return pooler.runtime().coroutines(DUMP_TIMEOUT);
    }

    private static Set<Long> ids(List<CoroutineInfo> list) {
        return list.stream().map(CoroutineInfo::id).collect(Collectors.toSet());
    }
}
