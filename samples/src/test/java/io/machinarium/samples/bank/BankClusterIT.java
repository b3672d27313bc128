package io.machinarium.samples.bank;

import static io.machinarium.samples.Clients.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.testing.Await;
import io.machinarium.samples.ChildProcess;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The bank as a cluster of two node JVMs ({@code bin/sample bank --nats ...}) on a real nats-server: node n1
 * serves a0-a9 and the HTTP API, node n2 serves a10-a19, each account starting with 100; n2 is killed with
 * {@code kill -9} and started again.
 */
class BankClusterIT {
    private static final Pattern TRANSFER_ID = Pattern.compile("\"transfer\":\"([0-9a-f-]{36})\"");

    @Test
    void aRequestForAnAccountOfANodeThatIsDownIs503WithAJsonErrorWithinTheRequestTimeout() throws Exception {
        try (BankCluster bank = BankCluster.open("--initial-balance", "100")) {
            int http = bank.start("n1", "0-9", true);
            bank.start("n2", "10-19", false);
            assertThat(bank.get(http, "/accounts/a15")).isEqualTo(new BankCluster.Reply(200, "{\"id\":\"a15\",\"balance\":100}"));
            bank.kill("n2");
            // just killed: n1 may not have noticed yet, and asks a node that is gone
            BankCluster.Reply r = bank.get(http, "/accounts/a15");
            assertThat(r.status()).as(r.body()).isEqualTo(503);
            assertThat(r.body()).startsWith("{\"error\":\"account a15 ");
            BankCluster.Reply t = bank.transfer(http, "a15", "a1", 5);
            assertThat(t.status()).as(t.body()).isEqualTo(503);
            assertThat(t.body()).startsWith("{\"error\":");
            // declared down
            Await.until(T, () -> !get(bank, http, "/cluster").contains("\"node\":\"n2\""), () -> "n1 still sees n2");
            assertThat(bank.get(http, "/accounts/a15"))
                    .isEqualTo(new BankCluster.Reply(503, "{\"error\":\"account a15 is unavailable: its node is down\"}"));
            assertThat(bank.transfer(http, "a1", "a15", 5)).isEqualTo(new BankCluster.Reply(503,
                    "{\"error\":\"account a15 is unavailable: its node is down; nothing was moved\"}"));
            assertThat(bank.get(http, "/accounts/a20")).as("never created: unknown, not unavailable")
                    .isEqualTo(new BankCluster.Reply(404, "{\"error\":\"unknown account a20\"}"));
            assertThat(bank.get(http, "/accounts/a1").body()).isEqualTo("{\"id\":\"a1\",\"balance\":100}");
        }
    }

    @Test
    void aNodeRestartedAfterKill9HasItsAccountsBalancesBack() throws Exception {
        try (BankCluster bank = BankCluster.open("--initial-balance", "100")) {
            int http = bank.start("n1", "0-9", true);
            bank.start("n2", "10-19", false);
            assertThat(bank.transfer(http, "a1", "a12", 30).status()).isEqualTo(200);
            assertThat(bank.transfer(http, "a13", "a2", 50).status()).isEqualTo(200);
            assertThat(bank.transfer(http, "a13", "a12", 7).status()).isEqualTo(200);
            bank.kill("n2");
            bank.restart("n2");
            assertThat(bank.node("n2").stdout()).contains("accounts a10-a19 (10 read back from the store, 0 new with 100)");
            Await.until(T, () -> get(bank, http, "/accounts/a12").contains("balance"), () -> "a12 is not back");
            assertThat(bank.get(http, "/accounts/a12").body()).isEqualTo("{\"id\":\"a12\",\"balance\":137}");
            assertThat(bank.get(http, "/accounts/a13").body()).isEqualTo("{\"id\":\"a13\",\"balance\":43}");
            assertThat(bank.get(http, "/accounts/a1").body()).isEqualTo("{\"id\":\"a1\",\"balance\":70}");
            assertThat(bank.get(http, "/total").body()).isEqualTo("{\"accounts\":20,\"total\":2000,\"inDoubt\":0}");
        }
    }

    @Test
    void anInDoubtTransferIsCompletedOnceItsDepositsNodeIsBackAndInDoubtReturnsToZero() throws Exception {
        // n2 is not declared down for a minute: a transfer to its account passes n1's check, its withdrawal is
        // made, and its deposit finds nobody — the transfer is in doubt
        try (BankCluster bank = BankCluster.open("--initial-balance", "100", "--down-after", "60000")) {
            int http = bank.start("n1", "0-9", true);
            bank.start("n2", "10-19", false);
            assertThat(bank.get(http, "/accounts/a15").status()).isEqualTo(200);
            bank.kill("n2");
            BankCluster.Reply r = bank.transfer(http, "a1", "a15", 40);
            assertThat(r.status()).as(r.body()).isEqualTo(503);
            assertThat(r.body()).startsWith("{\"error\":\"transfer in doubt: the deposit to a15 ");
            Matcher id = TRANSFER_ID.matcher(r.body());
            assertThat(id.find()).as(r.body()).isTrue();
            assertThat(bank.get(http, "/total").body()).isEqualTo("{\"accounts\":20,\"total\":1960,\"inDoubt\":1}");
            assertThat(bank.get(http, "/accounts/a1").body()).isEqualTo("{\"id\":\"a1\",\"balance\":60}");

            bank.restart("n2");
            Await.until(T, () -> get(bank, http, "/total").equals("{\"accounts\":20,\"total\":2000,\"inDoubt\":0}"),
                    () -> "the transfer stays in doubt: " + get(bank, http, "/total"));
            assertThat(bank.get(http, "/accounts/a15").body()).isEqualTo("{\"id\":\"a15\",\"balance\":140}");
            assertThat(bank.get(http, "/accounts/a1").body()).isEqualTo("{\"id\":\"a1\",\"balance\":60}");
            assertThat(bank.get(http, "/metrics").body()).contains("bank_transfers_recovered_total{how=\"deposited\"} 1.0\n")
                    .contains("bank_transfers_total{outcome=\"in_doubt\"} 1.0\n");
            assertThat(bank.node("n1").stderr()).contains("transfer " + id.group(1) + " of 40 from a1 to a15 was in"
                    + " doubt: its deposit has landed");
        }
    }

    @Test
    void theClusterViewAndTheMetricsShowTheNodesTheirNamesAndTheirTraffic() throws Exception {
        try (BankCluster bank = BankCluster.open()) {
            int http = bank.start("n1", "0-1", true);
            bank.start("n2", "2-3", false);
            Await.until(T, () -> get(bank, http, "/cluster").contains("\"a3\":\"n2/"), () -> get(bank, http, "/cluster"));
            assertThat(bank.get(http, "/accounts/a3").body()).isEqualTo("{\"id\":\"a3\",\"balance\":1000}");
            String view = bank.get(http, "/cluster").body();
            assertThat(view).startsWith("{\"cluster\":\"bank\",\"node\":\"n1\",\"server\":\"nats://127.0.0.1:")
                    .contains("\"accounts\":\"a0-a1\"").contains("{\"node\":\"n1\",\"incarnation\":")
                    .contains("{\"node\":\"n2\",\"incarnation\":").doesNotContain("\"up\":false")
                    .containsPattern("\"names\":\\{\"a0\":\"n1/\\d+\",\"a1\":\"n1/\\d+\",\"a2\":\"n2/\\d+\",\"a3\":\"n2/\\d+\"}");
            String metrics = bank.get(http, "/metrics").body();
            assertThat(metrics).contains("# TYPE machinarium_cluster_messages_total counter\n")
                    .contains("machinarium_cluster_nodes_up{node=\"n1\"} 1.0\n")
                    .contains("machinarium_cluster_dead_letters_total{node=\"n1\",reason=\"no_actor\"} ")
                    .contains("machinarium_cluster_reconnects_total{node=\"n1\"} 0.0\n")
                    .containsPattern("machinarium_cluster_messages_total\\{direction=\"received\",node=\"n1\"} [1-9]")
                    .containsPattern("machinarium_cluster_bytes_total\\{direction=\"sent\",node=\"n1\"} [1-9]");
        }
    }

    @Test
    void aNodeGivenAccountsThatALiveNodeServesExitsWithOneLine() throws Exception {
        try (BankCluster bank = BankCluster.open()) {
            bank.start("n1", "0-9", false);
            try (ChildProcess overlapping = ChildProcess.sample("bank", "--nats", natsUrl(bank), "--node", "n3",
                    "--accounts", "9-12")) {
                assertThat(overlapping.exitCode(T.multipliedBy(3))).as(overlapping.output()).isEqualTo(1);
                assertThat(overlapping.stderr()).contains("bank: account a9 is served by another live node (")
                        .contains("do two nodes' --accounts ranges overlap?");
            }
        }
    }

    @Test
    void aNodeThatCannotReachNatsExitsWithOneLine() throws Exception {
        int nobody = ChildProcess.freePort();
        try (ChildProcess node = ChildProcess.sample("bank", "--nats", "nats://127.0.0.1:" + nobody, "--node", "n1",
                "--accounts", "0-9")) {
            assertThat(node.exitCode(T.multipliedBy(3))).as(node.output()).isEqualTo(1);
            assertThat(node.stderr()).contains("bank: cannot join cluster 'bank' on [nats://127.0.0.1:" + nobody + "]: ");
        }
    }

    private static String natsUrl(BankCluster bank) {
        String out = bank.node("n1").stdout();
        Matcher m = Pattern.compile("on (nats://\\S+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group(1);
    }

    private static String get(BankCluster bank, int port, String path) {
        try {
            return bank.get(port, path).body();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
