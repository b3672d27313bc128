package io.machinarium.samples.bank;

import io.machinarium.actors.ActorSystem;
import io.machinarium.actors.ServerRef;
import io.machinarium.actors.SpawnOptions;
import io.machinarium.cluster.ClusterConfig;
import io.machinarium.cluster.ClusterException;
import io.machinarium.cluster.ClusterNode;
import io.machinarium.cluster.DurableMap;
import io.machinarium.cluster.MemberEvent;
import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.core.Machine;
import io.machinarium.core.signal.Signal;
import io.machinarium.core.signal.SignalWait;
import io.machinarium.samples.HostPort;
import io.machinarium.samples.Options;
import io.machinarium.samples.SampleFailedException;
import io.machinarium.samples.Serving;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bin/sample bank --nats URL[,URL...] --node NAME --accounts FROM-TO [--listen HOST:PORT]}: one node of
 * the bank as a cluster. It joins the cluster on NATS, starts a {@link DurableAccount} for each of its
 * accounts (balances in the JetStream key-value map {@code balances}), runs the {@link TransferRecovery} of
 * its accounts' transfers in doubt and, with {@code --listen}, serves the HTTP API ({@link ClusterBank}) for
 * every account of every node. It prints {@code bank: node NAME ready ...} once its accounts are served (and
 * {@code listening on HOST:PORT} when it serves HTTP), and on SIGTERM or SIGINT it finishes the open requests,
 * stops its accounts and leaves the cluster.
 */
final class BankNode {
    /** How long the accounts may take to start: each reads the store and registers its name. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** Every account write and store read runs on the offload pool while its coroutine waits. */
    private static final int OFFLOAD_THREADS = 32;

    private BankNode() {
    }

    /**
     * Runs the node until SIGTERM or SIGINT. Blocks the calling thread.
     *
     * @param options the parsed command line, with {@code --nats}
     * @return the exit code, 0
     * @throws Options.BadOptionException for a bad command line
     * @throws SampleFailedException if it cannot join, or its accounts cannot start
     * @throws InterruptedException if interrupted while the accounts start
     */
    static int run(Options options) throws InterruptedException {
        if (!options.given("node")) {
            throw options.bad("--nats needs --node NAME: this node's name, unique in the cluster");
        }
        if (!options.given("accounts")) {
            throw options.bad("--nats needs --accounts FROM-TO: the accounts aFROM ... aTO this node serves");
        }
        AccountRange range = AccountRange.parse(options, "accounts", options.string("accounts"));
        HostPort listen = options.given("listen") ? HostPort.parse(options, "listen", options.string("listen")) : null;
        int workers = options.integer("machines", 1, 256);
        long initial = options.integer("initial-balance", 0, Integer.MAX_VALUE);
        Duration grace = Duration.ofMillis(options.integer("grace", 0, 3_600_000));
        Duration requestTimeout = Duration.ofMillis(options.integer("request-timeout", 100, 600_000));
        String clusterName = options.string("cluster");
        ClusterConfig config = config(options, clusterName);

        int acceptors = listen != null ? 1 : 0;
        try (SignalWait signals = Serving.catchSignals();
             Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(workers + acceptors)
                     .machineNames(BankSample.machineNames(listen != null, workers)).offloadThreads(OFFLOAD_THREADS)
                     .shutdownTimeout(Serving.CLOSE_TIMEOUT).build())) {
            ActorSystem system = ActorSystem.create(rt, config.node());
            ClusterNode cluster;
            try {
                cluster = ClusterNode.join(system, config);
            } catch (ClusterException e) {
                system.close();
                throw new SampleFailedException("cannot join cluster '" + clusterName + "' on " + config.servers() + ": "
                        + e.getMessage(), e);
            }
            try {
                serve(options, rt, system, cluster, range, listen, initial, grace, requestTimeout, signals);
            } finally {
                system.close();  // first, so that the accounts' exits reach the other nodes' monitors
                cluster.close();
            }
        }
        return 0;
    }

    private static void serve(Options options, Machinarium rt, ActorSystem system, ClusterNode cluster,
            AccountRange range, HostPort listen, long initial, Duration grace, Duration requestTimeout,
            SignalWait signals) throws InterruptedException {
        List<Machine> workers = rt.machines().subList(listen != null ? 1 : 0, rt.machines().size());
        DurableMap balances = cluster.durableMap("balances");
        NodeAccounts accounts = new NodeAccounts(system, cluster, balances, workers, range, initial);
        accounts.awaitStarted(START_TIMEOUT);
        TransferRecovery.Counts recovered = new TransferRecovery.Counts();
        ClusterBank bank = new ClusterBank(options.string("cluster"), cluster, balances, accounts, requestTimeout,
                recovered);
        ServerRef<Object> recovery = ServerRef.start(system, SpawnOptions.named("transfer-recovery").on(workers.get(0)),
                () -> new TransferRecovery(cluster, range, bank.transfers(), requestTimeout, recovered));
        AutoCloseable joined = cluster.onMembership(e -> {
            if (e.kind() == MemberEvent.Kind.JOINED) {
                recovery.info(TransferRecovery.nudge());  // the deposits waiting for its accounts may land now
            }
        });
        Serving.say("bank: node " + cluster.name() + " ready: accounts " + range + " (" + (range.size()
                - accounts.created()) + " read back from the store, " + accounts.created() + " new with " + initial
                + ") in cluster '" + options.string("cluster") + "' on " + cluster.connectedServer());
        try {
            if (listen != null) {
                BankSample.serveHttp(rt, workers, listen, bank, system, HttpLimits.fromOptions(options), signals, grace);
            } else {
                Signal s = signals.await();
                Serving.say("bank: got SIG" + s + ", leaving the cluster");
            }
        } finally {
            try {
                joined.close();
            } catch (Exception e) {
                // the node leaves anyway
            }
        }
    }

    /** The cluster configuration from the command line. */
    private static ClusterConfig config(Options options, String clusterName) {
        int downAfter = options.integer("down-after", 300, 600_000);
        ClusterConfig.Builder b;
        try {
            b = ClusterConfig.builder(clusterName, options.string("node"));
        } catch (IllegalArgumentException e) {
            throw options.bad("--cluster and --node: " + e.getMessage());
        }
        List<String> servers = Arrays.stream(options.string("nats").split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        if (servers.isEmpty()) {
            throw options.bad("--nats needs at least one URL, e.g. nats://127.0.0.1:4222");
        }
        b.servers(servers.toArray(String[]::new))
                .messageTypes(AccountRequest.class, AccountReply.class, AccountRequest.Pending.class)
                // A heartbeat every 500 ms (a third of a shorter --down-after): joining waits two of them.
                .failureDetector(Duration.ofMillis(Math.min(500, downAfter / 3)), Duration.ofMillis(downAfter))
                .replicas(options.integer("replicas", 1, 5));
        if (options.given("nats-user") != options.given("nats-password")) {
            throw options.bad("--nats-user and --nats-password go together");
        }
        try {
            if (options.given("nats-user")) {
                b.userInfo(options.string("nats-user"), options.string("nats-password"));
            }
            if (options.given("nats-token")) {
                b.token(options.string("nats-token"));
            }
            if (options.given("nats-creds")) {
                b.credentials(options.path("nats-creds"));
            }
            if (options.given("nats-tls-ca")) {
                b.tls(options.path("nats-tls-ca"));
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw options.bad(e.getMessage());
        }
    }
}
