package io.machinarium.samples.bank;

import io.machinarium.actors.ActorSystem;
import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.core.Machine;
import io.machinarium.core.signal.SignalWait;
import io.machinarium.net.ListenOptions;
import io.machinarium.samples.Acceptor;
import io.machinarium.samples.HostPort;
import io.machinarium.samples.Options;
import io.machinarium.samples.Serving;
import io.machinarium.samples.WorkerPool;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code bin/sample bank}: an actor microservice. Accounts live in account servers spread over the
 * worker machines under supervisors; HTTP/1.1 keep-alive connections are accepted by an acceptor
 * machine, handed to the workers, decoded by Netty's HTTP codec and served by one coroutine each, which
 * calls the account actors and waits for their replies in plain code.
 */
public final class BankSample {
    private BankSample() {
    }

    /**
     * Parses the options, serves until SIGTERM or SIGINT, lets open requests finish within the grace
     * period, and returns. Blocks the calling thread throughout.
     *
     * @param args the command line after the sample's name
     * @return the exit code: 0 after a signal (or for {@code --help})
     * @throws Options.BadOptionException for a bad command line
     * @throws io.machinarium.samples.SampleFailedException if the listener cannot be bound
     * @throws InterruptedException if interrupted while the accounts start
     */
    public static int run(List<String> args) throws InterruptedException {
        Options options = new Options("bank")
                .value("listen", "127.0.0.1:8080", "TCP address of the HTTP API (HOST:PORT, port 0 for any)")
                .value("machines", "2", "worker machines that hold the accounts and serve the connections")
                .value("accounts", "1000", "accounts a0 ... a<N-1>")
                .value("initial-balance", "1000", "each account's balance at start")
                .value("grace", "5000", "on SIGTERM/SIGINT, how long open requests may take to finish (ms)");
        if (!options.parse(args)) {
            return 0;
        }
        HostPort listen = HostPort.parse(options, "listen", options.string("listen"));
        int workers = options.integer("machines", 1, 256);
        int accountCount = options.integer("accounts", 1, 10_000_000);
        long initial = options.integer("initial-balance", 0, Integer.MAX_VALUE);
        Duration grace = Duration.ofMillis(options.integer("grace", 0, 3_600_000));

        String[] names = new String[workers + 1];
        names[0] = "acceptor";
        for (int i = 1; i <= workers; i++) {
            names[i] = "worker-" + i;
        }
        try (SignalWait signals = Serving.catchSignals();
             Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(workers + 1)
                     .machineNames(names).shutdownTimeout(Serving.CLOSE_TIMEOUT).build());
             ActorSystem system = ActorSystem.create(rt)) {
            List<Machine> workerMachines = rt.machines().subList(1, workers + 1);
            Accounts accounts = new Accounts(system, workerMachines, accountCount, initial);
            accounts.awaitStarted(Duration.ofSeconds(60));
            BankMetrics metrics = new BankMetrics();
            AtomicBoolean draining = new AtomicBoolean();
            WorkerPool[] pool = new WorkerPool[1];
            BankApi api = new BankApi(accounts, system, metrics, () -> pool[0].active());
            pool[0] = new WorkerPool(workerMachines, io -> {
                metrics.connection();
                BankConnection.serve(io, api, draining);
            });
            Acceptor acceptor = Acceptor.start(rt.machine(0), "http", listen.resolve(),
                    ListenOptions.defaults().withIo(BankConnection.HTTP), pool[0]::handOff);
            Serving.say("bank: " + accountCount + " accounts of " + initial + " on " + workers + " worker machine(s)");
            Serving.announce(acceptor.address());
            Serving.awaitShutdown("bank", signals, List.of(acceptor), pool[0], grace, () -> draining.set(true));
        }
        return 0;
    }
}
