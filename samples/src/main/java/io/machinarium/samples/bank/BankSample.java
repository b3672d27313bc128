package io.machinarium.samples.bank;

import io.machinarium.actors.ActorSystem;
import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.core.Machine;
import io.machinarium.core.signal.SignalWait;
import io.machinarium.samples.HostPort;
import io.machinarium.samples.Options;
import io.machinarium.samples.Serving;
import java.time.Duration;
import java.util.List;

/**
 * {@code bin/sample bank}: an actor microservice. Accounts live in account servers spread over the
 * worker machines under supervisors; HTTP/1.1 keep-alive connections are accepted by an acceptor
 * machine, handed to the workers, decoded by Netty's HTTP codec and served by one coroutine each, which
 * calls the account actors and waits for their replies in plain code.
 *
 * <p>With {@code --nats} the process is one node of a cluster ({@link BankNode}): it serves the accounts
 * {@code --accounts FROM-TO}, keeps their balances in JetStream, and (with {@code --listen}) serves the HTTP
 * API for every account of every node.
 */
public final class BankSample {
    /** The options only a node of a cluster takes. */
    static final List<String> CLUSTER_OPTIONS = List.of("node", "cluster", "request-timeout", "down-after", "replicas",
            "nats-user", "nats-password", "nats-token", "nats-creds", "nats-tls-ca");

    private BankSample() {
    }

    /** {@return the sample's options, declared} */
    public static Options options() {
        Options options = new Options("bank", "An actor microservice: accounts in supervised servers, HTTP/1.1"
                + " and JSON; with --nats, one node of a cluster.")
                .value("listen", "127.0.0.1:8080", "TCP address of the HTTP API (HOST:PORT, port 0 for any);"
                        + " with --nats there is no HTTP API unless it is given")
                .value("machines", "2", "worker machines that hold the accounts and serve the connections")
                .value("accounts", "1000", "accounts a0 ... a<N-1>; with --nats FROM-TO, this node's aFROM ... aTO")
                .value("initial-balance", "1000", "each account's balance at start; with --nats, of an account"
                        + " the store does not hold yet")
                .value("grace", "5000", "on SIGTERM/SIGINT, how long open requests may take to finish (ms)");
        return HttpLimits.declare(options)
                .value("nats", null, "URL[,URL...]: run as a node of a cluster on these NATS servers (JetStream on)")
                .value("node", null, "with --nats: this node's name, unique in the cluster (required)")
                .value("cluster", "bank", "with --nats: the cluster's name")
                .value("request-timeout", "5000", "with --nats: how long a request waits for an account (ms)")
                .value("down-after", "3000", "with --nats: a node silent this long is down (ms; heartbeats 500 ms apart)")
                .value("replicas", "1", "with --nats: copies JetStream keeps of the balances (3 on three servers)")
                .value("nats-user", null, "with --nats: NATS user (with --nats-password)")
                .value("nats-password", null, "with --nats: NATS password")
                .value("nats-token", null, "with --nats: NATS token")
                .value("nats-creds", null, "with --nats: NATS credentials file (JWT and nkey seed)")
                .value("nats-tls-ca", null, "with --nats: speak TLS to NATS, trusting the CA certificates of this PEM");
    }

    /**
     * Parses the options, serves until SIGTERM or SIGINT, lets open requests finish within the grace
     * period, and returns. Blocks the calling thread throughout.
     *
     * @param args the command line after the sample's name
     * @return the exit code: 0 after a signal (or for {@code --help})
     * @throws Options.BadOptionException for a bad command line
     * @throws io.machinarium.samples.SampleFailedException if the listener cannot be bound, or a node cannot
     *     join its cluster or start its accounts
     * @throws InterruptedException if interrupted while the accounts start
     */
    public static int run(List<String> args) throws InterruptedException {
        Options options = options();
        if (!options.parse(args)) {
            return 0;
        }
        if (options.given("nats")) {
            return BankNode.run(options);
        }
        for (String o : CLUSTER_OPTIONS) {
            if (options.given(o)) {
                throw options.bad("--" + o + " needs --nats (it is an option of a node of a cluster)");
            }
        }
        HostPort listen = HostPort.parse(options, "listen", options.string("listen"));
        int workers = options.integer("machines", 1, 256);
        int accountCount = options.integer("accounts", 1, AccountRange.MAX_ACCOUNTS);
        long initial = options.integer("initial-balance", 0, Integer.MAX_VALUE);
        Duration grace = Duration.ofMillis(options.integer("grace", 0, 3_600_000));
        HttpLimits limits = HttpLimits.fromOptions(options);

        try (SignalWait signals = Serving.catchSignals();
             Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(workers + 1)
                     .machineNames(machineNames(true, workers)).shutdownTimeout(Serving.CLOSE_TIMEOUT).build());
             ActorSystem system = ActorSystem.create(rt)) {
            List<Machine> workerMachines = rt.machines().subList(1, workers + 1);
            Accounts accounts = new Accounts(system, workerMachines, accountCount, initial);
            accounts.awaitStarted(Duration.ofSeconds(60));
            Serving.say("bank: " + accountCount + " accounts of " + initial + " on " + workers + " worker machine(s)");
            serveHttp(rt, workerMachines, listen, accounts, system, limits, signals, grace);
        }
        return 0;
    }

    /** {@return the machines' names: an acceptor first if there is one, then the workers} */
    static String[] machineNames(boolean acceptor, int workers) {
        int first = acceptor ? 1 : 0;
        String[] names = new String[workers + first];
        if (acceptor) {
            names[0] = "acceptor";
        }
        for (int i = 1; i <= workers; i++) {
            names[first + i - 1] = "worker-" + i;
        }
        return names;
    }

    /**
     * Serves the HTTP API ({@link BankHttp}): an acceptor on machine 0 hands connections to the workers; prints
     * the ready line, and returns after SIGTERM or SIGINT once the connections ended (within the grace period).
     */
    static void serveHttp(Machinarium rt, List<Machine> workers, HostPort listen, Bank bank, ActorSystem system,
            HttpLimits limits, SignalWait signals, Duration grace) {
        BankHttp http = BankHttp.start(rt.machine(0), workers, listen.resolve(), bank, system, limits);
        Serving.announce(http.server().address());
        Serving.awaitShutdown("bank", signals, http.server(), grace, () -> http.draining().set(true));
    }
}
