package io.machinarium.samples.pooler;

import io.machinarium.core.signal.SignalWait;
import io.machinarium.samples.HostPort;
import io.machinarium.samples.Options;
import io.machinarium.samples.Serving;
import io.machinarium.tls.TlsConfig;
import io.machinarium.tls.TlsConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/sample pooler}: a PostgreSQL connection pooler in Odyssey's shape. An acceptor machine hands each
 * client to a worker machine; the worker reads the client's startup packet (upgrading the connection to TLS in
 * place after an {@code SSLRequest}), authenticates it, and relays it to a server connection taken from the
 * worker's pool for the client's (database, user), for the session or for each transaction.
 *
 * <pre>
 * bin/sample pooler --backend 127.0.0.1:5432 --pool-mode transaction --pool-size 20
 * psql "host=127.0.0.1 port=6432 dbname=postgres user=postgres"
 * </pre>
 */
@Command(name = "pooler", mixinStandardHelpOptions = true, sortOptions = false,
        description = "A PostgreSQL connection pooler (session or transaction pooling) in Odyssey's shape.")
public final class PoolerSample implements java.util.concurrent.Callable<PoolerSettings> {
    @Option(names = "--listen", defaultValue = "127.0.0.1:6432", paramLabel = "HOST:PORT",
            description = "address clients connect to (port 0 for any)")
    private String listen;
    @Option(names = "--backend", required = true, paramLabel = "HOST:PORT", description = "the PostgreSQL server")
    private String backend;
    @Option(names = "--machines", defaultValue = "2", description = "worker machines that serve clients")
    private int machines;
    @Option(names = "--pool-mode", defaultValue = "session", paramLabel = "session|transaction",
            description = "give a server connection back when the client leaves, or after each transaction")
    private String poolMode;
    @Option(names = "--pool-size", defaultValue = "20",
            description = "server connections per (database, user) pool on each worker machine")
    private int poolSize;
    @Option(names = "--max-clients", defaultValue = "1000", description = "clients beyond this many are refused")
    private int maxClients;
    @Option(names = "--tls-cert", paramLabel = "F", description = "offer TLS to clients with this certificate (PEM)")
    private Path tlsCert;
    @Option(names = "--tls-key", paramLabel = "F", description = "the private key of --tls-cert (PEM)")
    private Path tlsKey;
    @Option(names = "--auth-file", paramLabel = "F",
            description = "pgbouncer's userlist.txt: authenticate clients, log in to the server with it")
    private Path authFile;
    @Option(names = "--backend-tls", description = "connect to the server over TLS (SSLRequest), verifying it")
    private boolean backendTls;
    @Option(names = "--admin", defaultValue = "127.0.0.1:6433", paramLabel = "HOST:PORT|off",
            description = "admin HTTP listener: /metrics, /coroutines")
    private String admin;
    @Option(names = "--grace", defaultValue = "5000", paramLabel = "MS",
            description = "on SIGTERM/SIGINT, how long clients may take to finish")
    private int grace;
    @Option(names = "--wait-timeout", defaultValue = "5000", paramLabel = "MS",
            description = "how long a client waits for a server connection")
    private int waitTimeout;
    @Option(names = "--idle-timeout", defaultValue = "60000", paramLabel = "MS",
            description = "close server connections unused for this long")
    private int idleTimeout;

    private PoolerSample() {
    }

    /**
     * Parses the options, pools until SIGTERM or SIGINT, lets open clients finish within the grace period,
     * and returns. Blocks the calling thread throughout.
     *
     * @param args the command line after the sample's name
     * @return the exit code: 0 after a signal (or for {@code --help})
     * @throws Options.BadOptionException for a bad command line
     * @throws io.machinarium.samples.SampleFailedException if a listener cannot be bound
     */
    public static int run(List<String> args) {
        PoolerSettings settings = parse(args);
        if (settings == null) {
            return 0;
        }
        try (SignalWait signals = Serving.catchSignals(); Pooler pooler = Pooler.start(settings)) {
            Serving.say("pooler: backend " + settings.backend() + ", " + settings.mode().name().toLowerCase(Locale.ROOT)
                    + " pooling, " + settings.poolSize() + " server connection(s) per pool and machine, "
                    + (settings.users() != null ? "users from the auth file" : "clients trusted"));
            if (pooler.adminAddress() != null) {
                Serving.say("pooler: admin on http://" + HostPort.format(pooler.adminAddress())
                        + "/metrics and /coroutines");
            }
            Serving.announce(pooler.address());
            Serving.awaitShutdown("pooler", signals, pooler.clients(), settings.grace());
        }
        return 0;
    }

    /**
     * The pooler's command line as picocli models it, for {@code bin/sample --help} and shell completion.
     *
     * @return a fresh model of the options
     */
    public static CommandLine.Model.CommandSpec commandSpec() {
        return new CommandLine(new PoolerSample()).getCommandSpec();
    }

    /**
     * Reads the command line into settings; reads the TLS and users files.
     *
     * @param args the command line after the sample's name
     * @return the settings, or null if {@code --help} or {@code --version} was asked for (and printed)
     * @throws Options.BadOptionException for a bad command line, naming what is wrong
     */
    static PoolerSettings parse(List<String> args) {
        CommandLine cl = new CommandLine(new PoolerSample());
        String[] bad = new String[1];
        cl.setParameterExceptionHandler((e, a) -> {
            bad[0] = "pooler: " + e.getMessage();
            return 2;
        });
        cl.setExecutionExceptionHandler((e, c, p) -> {
            if (e instanceof Options.BadOptionException b) {
                bad[0] = b.getMessage();
                return 2;
            }
            throw e;
        });
        int code = cl.execute(args.toArray(String[]::new));
        if (bad[0] != null) {
            throw new Options.BadOptionException(bad[0]);
        }
        PoolerSettings s = cl.getExecutionResult();
        if (s == null && code != 0) {
            throw new Options.BadOptionException("pooler: bad command line (exit " + code + ")");
        }
        return s;
    }

    @Override
    public PoolerSettings call() {
        Options o = new Options("pooler");
        PoolMode mode = switch (poolMode) {
            case "session" -> PoolMode.SESSION;
            case "transaction" -> PoolMode.TRANSACTION;
            default -> throw o.bad("--pool-mode must be session or transaction, not '" + poolMode + "'");
        };
        range(o, "machines", machines, 1, 256);
        range(o, "pool-size", poolSize, 1, 100_000);
        range(o, "max-clients", maxClients, 1, 10_000_000);
        range(o, "grace", grace, 0, 3_600_000);
        range(o, "wait-timeout", waitTimeout, 1, 3_600_000);
        range(o, "idle-timeout", idleTimeout, 1, Integer.MAX_VALUE);
        if ((tlsCert == null) != (tlsKey == null)) {
            throw o.bad("--tls-cert and --tls-key go together");
        }
        TlsConfig clientTls = null;
        TlsConfig serverTls = null;
        try {
            if (tlsCert != null) {
                clientTls = TlsConfig.server(tlsCert, tlsKey).build();
            }
            if (backendTls) {
                serverTls = TlsConfig.client().build();
            }
        } catch (TlsConfigException e) {
            throw o.bad(e.getMessage());
        }
        UserList users = null;
        if (authFile != null) {
            try {
                users = UserList.read(authFile);
            } catch (IllegalArgumentException e) {
                throw o.bad("--auth-file: " + e.getMessage());
            }
        }
        HostPort adminAt = admin.equals("off") ? null : HostPort.parse(o, "admin", admin);
        return new PoolerSettings(HostPort.parse(o, "listen", listen), HostPort.parse(o, "backend", backend), machines,
                mode, poolSize, maxClients, clientTls, users, serverTls, adminAt, Duration.ofMillis(grace),
                Duration.ofMillis(waitTimeout), Duration.ofMillis(idleTimeout), Duration.ofSeconds(5));
    }

    private static void range(Options o, String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw o.bad("--" + name + " must be from " + min + " to " + max + ", not " + value);
        }
    }
}
