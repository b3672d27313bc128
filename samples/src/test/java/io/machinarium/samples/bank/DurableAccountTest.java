package io.machinarium.samples.bank;

import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.actors.ActorRef;
import io.machinarium.actors.ActorSystem;
import io.machinarium.actors.ServerRef;
import io.machinarium.actors.SpawnOptions;
import io.machinarium.cluster.ClusterConfig;
import io.machinarium.cluster.ClusterNode;
import io.machinarium.cluster.DurableMap;
import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Await;
import io.machinarium.core.testing.Runtimes;
import io.machinarium.samples.bank.AccountReply.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The accounts of a cluster against a real nats-server, in one process: what the store keeps, operation ids
 * applied at most once, the refund of a refused deposit, and the recovery of a pending transfer.
 */
class DurableAccountTest {
    private static final Duration T = Duration.ofSeconds(20);

    private NatsServer nats;
    private Machinarium rt;
    private ActorSystem system;
    private ClusterNode cluster;
    private DurableMap balances;
    private NodeAccounts accounts;

    @BeforeEach
    void join() throws Exception {
        nats = NatsServer.start();
        rt = Runtimes.start(2);
        system = ActorSystem.create(rt, "t1");
        cluster = ClusterNode.join(system, ClusterConfig.builder("banktest", "t1").servers(nats.url())
                .messageTypes(AccountRequest.class, AccountReply.class, AccountRequest.Pending.class)
                .failureDetector(Duration.ofMillis(200), Duration.ofMillis(1500)).build());
        balances = cluster.durableMap("balances");
    }

    @AfterEach
    void leave() throws Exception {
        if (system != null) {
            system.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (rt != null) {
            rt.close();
        }
        if (nats != null) {
            nats.close();
        }
    }

    private void open(long from, long to, long initial) throws InterruptedException {
        accounts = new NodeAccounts(system, cluster, balances, rt.machines(), new AccountRange(from, to), initial);
        accounts.awaitStarted(T);
    }

    private AccountCall.Result ask(String id, AccountRequest request) {
        return AccountCall.ask(cluster, id, request, System.nanoTime() + T.toNanos());
    }

    private AccountReply reply(String id, AccountRequest request) {
        AccountCall.Result r = ask(id, request);
        assertThat(r).isInstanceOf(AccountCall.Answered.class);
        return ((AccountCall.Answered) r).account();
    }

    private AccountRecord stored(String id) {
        return AccountRecord.decode(id, balances.get(id).value());
    }

    @Test
    void anOperationAskedTwiceUnderOneIdChangesTheBalanceOnce() throws Exception {
        open(1, 2, 100);
        assertThat(reply("a1", new AccountRequest.Deposit("op-1", 10))).isEqualTo(new AccountReply(Status.APPLIED, 110));
        assertThat(reply("a1", new AccountRequest.Deposit("op-1", 10)))
                .isEqualTo(new AccountReply(Status.ALREADY_APPLIED, 110));
        AccountRequest.Withdraw w = new AccountRequest.Withdraw("t-1", "a2", 30);
        assertThat(reply("a1", w)).isEqualTo(new AccountReply(Status.APPLIED, 80));
        assertThat(reply("a1", w)).isEqualTo(new AccountReply(Status.ALREADY_APPLIED, 80));
        AccountRecord r = stored("a1");
        assertThat(r.balance()).isEqualTo(80);
        assertThat(r.applied()).containsExactly("op-1", "t-1-w");
        assertThat(r.pending()).containsExactly(new AccountRecord.PendingTransfer("t-1", "a2", 30));
    }

    @Test
    void aWithdrawalTheBalanceDoesNotCoverIsRefusedAndChangesNothing() throws Exception {
        open(1, 2, 100);
        assertThat(reply("a1", new AccountRequest.Withdraw("t-2", "a2", 101)))
                .isEqualTo(new AccountReply(Status.REFUSED, 100));
        assertThat(stored("a1")).isEqualTo(AccountRecord.opened(100));
    }

    @Test
    void aRestartedAccountReadsItsRecordBackAndStillKnowsItsOperations() throws Exception {
        open(1, 2, 100);
        reply("a1", new AccountRequest.Deposit("op-7", 25));
        ActorRef<Object> first = cluster.whereis("a1");
        first.stop();  // its supervisor starts a new incarnation, which reads the store
        Await.until(T, () -> cluster.whereis("a1") != null && !cluster.whereis("a1").equals(first),
                () -> "a1 was not started again: " + cluster.registeredNames());
        assertThat(accounts.restarts()).isEqualTo(1);
        assertThat(reply("a1", new AccountRequest.Balance())).isEqualTo(new AccountReply(Status.APPLIED, 125));
        assertThat(reply("a1", new AccountRequest.Deposit("op-7", 25)))
                .isEqualTo(new AccountReply(Status.ALREADY_APPLIED, 125));
    }

    @Test
    void anAccountIsCreatedWithTheInitialBalanceOnlyWhenTheStoreHasNone() throws Exception {
        balances.create("a3", new AccountRecord(555, List.of("old-op"), List.of(), List.of()).encode());
        open(3, 4, 100);
        assertThat(accounts.created()).isEqualTo(1);
        assertThat(reply("a3", new AccountRequest.Balance()).balance()).isEqualTo(555);
        assertThat(reply("a4", new AccountRequest.Balance()).balance()).isEqualTo(100);
        assertThat(reply("a3", new AccountRequest.Deposit("old-op", 1)).status()).isEqualTo(Status.ALREADY_APPLIED);
    }

    @Test
    void aDepositTheTargetRefusesIsRefundedToTheSourceAndStaysRefused() throws Exception {
        balances.create("a4", AccountRecord.opened(Long.MAX_VALUE - 5).encode());  // one more deposit overflows
        open(3, 4, 100);
        Transfers transfers = new Transfers(cluster, new AccountDirectory(cluster, balances), T);
        Bank.TransferResult r = transfers.transfer("a3", "a4", 10);
        assertThat(r.outcome()).as(r.toString()).isEqualTo(Bank.Outcome.FAILED);
        assertThat(r.detail()).contains("refused the deposit");
        assertThat(stored("a3")).satisfies(s -> {
            assertThat(s.balance()).isEqualTo(100);
            assertThat(s.pending()).isEmpty();
            assertThat(s.applied()).containsExactly(r.transfer() + "-w", r.transfer() + "-r");
        });
        assertThat(stored("a4").refused()).containsExactly(r.transfer() + "-d");
        assertThat(reply("a4", new AccountRequest.Deposit(r.transfer() + "-d", 10)).status()).isEqualTo(Status.REFUSED);
        assertThat(reply("a4", new AccountRequest.Deposit(r.transfer() + "-d", 1)).status())
                .as("a refused id stays refused whatever the amount").isEqualTo(Status.REFUSED);
    }

    @Test
    void theRecoveryCompletesATransferPendingAtItsSource() throws Exception {
        open(5, 6, 100);
        // a withdrawal whose coordinator never made the deposit: the transfer is pending at a5
        assertThat(reply("a5", new AccountRequest.Withdraw("t-9", "a6", 40)).status()).isEqualTo(Status.APPLIED);
        TransferRecovery.Counts counts = new TransferRecovery.Counts();
        Transfers transfers = new Transfers(cluster, new AccountDirectory(cluster, balances), T);
        ServerRef.start(system, SpawnOptions.named("recovery"),
                () -> new TransferRecovery(cluster, new AccountRange(5, 6), transfers, T, counts));
        // the count follows the settle, which follows the deposit
        Await.until(T, () -> counts.deposited.sum() == 1, () -> "still pending: " + stored("a5"));
        assertThat(stored("a5").pending()).isEmpty();
        assertThat(stored("a5").balance()).isEqualTo(60);
        assertThat(stored("a6").balance()).isEqualTo(140);
        assertThat(stored("a6").applied()).containsExactly("t-9-d");
    }

    @Test
    void aBalanceOfAnAccountNobodyServesIsNotDelivered() throws Exception {
        open(1, 1, 100);
        assertThat(ask("a2", new AccountRequest.Balance())).isInstanceOf(AccountCall.NotDelivered.class);
    }
}
