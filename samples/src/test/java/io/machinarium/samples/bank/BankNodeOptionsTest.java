package io.machinarium.samples.bank;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.samples.Options;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line of a bank node: what is missing or malformed is one line, before anything starts. */
class BankNodeOptionsTest {
    private static void refused(List<String> args, String message) {
        assertThatThrownBy(() -> BankSample.run(args)).as(String.join(" ", args))
                .isInstanceOf(Options.BadOptionException.class).hasMessage(message);
    }

    @Test
    void aNodeNeedsItsNameAndItsAccounts() {
        refused(List.of("--nats", "nats://127.0.0.1:4222", "--accounts", "0-9"),
                "bank: --nats needs --node NAME: this node's name, unique in the cluster");
        refused(List.of("--nats", "nats://127.0.0.1:4222", "--node", "n1"),
                "bank: --nats needs --accounts FROM-TO: the accounts aFROM ... aTO this node serves");
        refused(List.of("--nats", "nats://127.0.0.1:4222", "--node", "n1", "--accounts", "10"),
                "bank: --accounts needs FROM-TO with --nats (accounts aFROM ... aTO, e.g. 0-49), not '10'");
    }

    @Test
    void clusterOptionsWithoutNatsAreRefused() {
        refused(List.of("--node", "n1"), "bank: --node needs --nats (it is an option of a node of a cluster)");
        refused(List.of("--request-timeout", "100"),
                "bank: --request-timeout needs --nats (it is an option of a node of a cluster)");
    }

    @Test
    void badNamesUrlsAndCredentialsAreOneLine() {
        assertThatThrownBy(() -> BankSample.run(List.of("--nats", "nats://127.0.0.1:4222", "--node", "n 1",
                "--accounts", "0-1"))).isInstanceOf(Options.BadOptionException.class)
                .hasMessageStartingWith("bank: --cluster and --node: ");
        refused(List.of("--nats", ",", "--node", "n1", "--accounts", "0-1"),
                "bank: --nats needs at least one URL, e.g. nats://127.0.0.1:4222");
        refused(List.of("--nats", "nats://127.0.0.1:4222", "--node", "n1", "--accounts", "0-1", "--nats-user", "u"),
                "bank: --nats-user and --nats-password go together");
        assertThatThrownBy(() -> BankSample.run(List.of("--nats", "nats://127.0.0.1:4222", "--node", "n1",
                "--accounts", "0-1", "--nats-creds", "/nonexistent/bank.creds")))
                .isInstanceOf(Options.BadOptionException.class).hasMessageContaining("/nonexistent/bank.creds");
        refused(List.of("--nats", "nats://127.0.0.1:4222", "--node", "n1", "--accounts", "0-1", "--request-timeout", "5"),
                "bank: --request-timeout must be between 100 and 600000, not 5");
    }
}
