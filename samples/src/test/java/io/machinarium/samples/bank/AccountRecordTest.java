package io.machinarium.samples.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.samples.Options;
import io.machinarium.samples.bank.AccountReply.Status;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An account's stored record: its JSON, its bounded memory of operation ids, and the account ranges. */
class AccountRecordTest {
    @Test
    void aRecordReadsBackAsItWasWritten() {
        AccountRecord r = new AccountRecord(7, List.of("x-w"), List.of("y-d"),
                List.of(new AccountRecord.PendingTransfer("x", "a9", 3)));
        assertThat(new String(r.encode(), StandardCharsets.UTF_8)).isEqualTo("{\"balance\":7,\"applied\":[\"x-w\"],"
                + "\"refused\":[\"y-d\"],\"pending\":[{\"transfer\":\"x\",\"to\":\"a9\",\"amount\":3}]}");
        assertThat(AccountRecord.decode("a1", r.encode())).isEqualTo(r);
        assertThat(r.pendingAmount()).isEqualTo(3);
    }

    @Test
    void somethingElseUnderTheKeyIsAClearError() {
        assertThatThrownBy(() -> AccountRecord.decode("a1", "[1,2".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("the stored value of account a1 is not");
    }

    @Test
    void itRemembersTheLastThousandOperationIdsAndForgetsOlderOnes() {
        AccountRecord r = AccountRecord.opened(0);
        for (int i = 0; i <= AccountRecord.REMEMBERED; i++) {
            r = r.deposit(new AccountRequest.Deposit("op-" + i, 1)).record();
        }
        assertThat(r.balance()).isEqualTo(AccountRecord.REMEMBERED + 1);
        assertThat(r.applied()).hasSize(AccountRecord.REMEMBERED).doesNotContain("op-0").contains("op-1",
                "op-" + AccountRecord.REMEMBERED);
        assertThat(r.deposit(new AccountRequest.Deposit("op-1", 1)).status()).isEqualTo(Status.ALREADY_APPLIED);
        assertThat(r.deposit(new AccountRequest.Deposit("op-0", 1)).status()).as("forgotten: applies again")
                .isEqualTo(Status.APPLIED);
    }

    @Test
    void settlingTwiceAndRefundingWhatIsNotPendingChangeNothing() {
        AccountRecord r = AccountRecord.opened(50).withdraw(new AccountRequest.Withdraw("t", "a2", 20)).record();
        AccountRecord settled = r.settle("t").record();
        assertThat(settled.pending()).isEmpty();
        assertThat(settled.settle("t")).isEqualTo(new AccountRecord.Change(Status.ALREADY_APPLIED, null));
        assertThat(settled.refund("t")).isEqualTo(new AccountRecord.Change(Status.REFUSED, null));
        AccountRecord refunded = r.refund("t").record();
        assertThat(refunded.balance()).isEqualTo(50);
        assertThat(refunded.refund("t").status()).isEqualTo(Status.ALREADY_APPLIED);
    }

    @Test
    void accountRangesAreFromDashToAndBadOnesAreOneLineErrors() {
        Options o = new Options("bank");
        assertThat(AccountRange.parse(o, "accounts", "0-49")).isEqualTo(new AccountRange(0, 49));
        assertThat(AccountRange.parse(o, "accounts", "7-7").ids()).containsExactly("a7");
        for (String bad : List.of("50", "-3", "3-", "a1-a4", "01-4", "4-1", "1-x", "0-10000000")) {
            assertThatThrownBy(() -> AccountRange.parse(o, "accounts", bad)).as(bad)
                    .isInstanceOf(Options.BadOptionException.class).hasMessageStartingWith("bank: --accounts");
        }
        assertThat(AccountRange.number("a12")).isEqualTo(12);
        assertThat(AccountRange.number("a012")).isEqualTo(-1);
        assertThat(AccountRange.number("a99999999999")).isEqualTo(-1);
    }
}
