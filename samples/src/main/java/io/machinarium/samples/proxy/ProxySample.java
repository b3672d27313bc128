package io.machinarium.samples.proxy;

import io.machinarium.core.signal.SignalWait;
import io.machinarium.samples.HostPort;
import io.machinarium.samples.Options;
import io.machinarium.samples.ServerTls;
import io.machinarium.samples.Serving;
import io.machinarium.tls.TlsConfig;
import io.machinarium.tls.TlsConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bin/sample proxy}: a TCP proxy in Odyssey's shape. An acceptor machine hands each client to a
 * worker machine, which connects to a backend (the next one if it refuses or times out) and relays both
 * ways with readahead and no copies, passing half-closes on. TLS towards clients and backends, a
 * connection limit, an idle timeout, and an admin listener with Prometheus metrics and a coroutine dump.
 * With no {@code --backend} it starts an echo backend of its own.
 */
public final class ProxySample {
    private ProxySample() {
    }

    /**
     * Parses the options, proxies until SIGTERM or SIGINT, lets open connections finish within the grace
     * period, and returns. Blocks the calling thread throughout.
     *
     * @param args the command line after the sample's name
     * @return the exit code: 0 after a signal (or for {@code --help})
     * @throws Options.BadOptionException for a bad command line
     * @throws io.machinarium.samples.SampleFailedException if a listener cannot be bound
     */
    public static int run(List<String> args) {
        ProxySettings settings = parse(args);
        if (settings == null) {
            return 0;
        }
        try (SignalWait signals = Serving.catchSignals(); ProxyServer proxy = ProxyServer.start(settings)) {
            if (proxy.embeddedBackend() != null) {
                Serving.say("proxy: no --backend given, relaying to an embedded echo backend on "
                        + HostPort.format(proxy.embeddedBackend()));
            } else {
                Serving.say("proxy: backends " + settings.backends() + ", " + settings.balance().option());
            }
            if (proxy.adminAddress() != null) {
                Serving.say("proxy: admin on http://" + HostPort.format(proxy.adminAddress())
                        + "/metrics and /coroutines");
            }
            Serving.announce(proxy.address());
            Serving.awaitShutdown("proxy", signals, proxy.clients(), settings.grace());
        }
        return 0;
    }

    /** {@return the sample's options, declared} */
    public static Options options() {
        return ServerTls.declare(new Options("proxy", "A TCP proxy in Odyssey's shape: failover between backends,"
                + " TLS both ways, a connection limit, an idle timeout, an admin listener with metrics.")
                .value("listen", "127.0.0.1:6432", "address clients connect to (HOST:PORT, port 0 for any)")
                .value("backend", null, "HOST:PORT[,HOST:PORT...] to relay to (default: an embedded echo backend)")
                .value("machines", "2", "worker machines that relay the connections")
                .value("balance", "round-robin", "round-robin or least-conn"))
                .flag("backend-tls", "connect to backends over TLS, verifying their certificates")
                .value("backend-ca", null, "trust these CA certificates (PEM) for backends, not the JDK's")
                .value("backend-sni", null, "name sent to backends in SNI and checked in their certificates "
                        + "(default: the backend's host)")
                .value("connect-timeout", "2000", "how long connecting to one backend may take (ms)")
                .value("idle-timeout", "0", "close connections with no bytes either way for this long (ms; 0: never)")
                .value("max-conns", "10000", "clients beyond this many open ones are closed at once")
                .value("admin", "127.0.0.1:6433", "admin HTTP listener: /metrics, /coroutines (HOST:PORT, or off)")
                .value("grace", "5000", "on SIGTERM/SIGINT, how long open connections may take to finish (ms)");
    }

    /**
     * Reads the command line into settings; reads TLS files.
     *
     * @param args the command line after the sample's name
     * @return the settings, or null if {@code --help} was asked for (the help is printed)
     * @throws Options.BadOptionException for a bad command line
     */
    static ProxySettings parse(List<String> args) {
        Options o = options();
        if (!o.parse(args)) {
            return null;
        }
        HostPort listen = HostPort.parse(o, "listen", o.string("listen"));
        List<HostPort> backends = new ArrayList<>();
        if (o.string("backend") != null) {
            for (String b : o.string("backend").split(",", -1)) {
                backends.add(HostPort.parse(o, "backend", b.trim()));
            }
        }
        Balance balance = Balance.of(o.string("balance"));
        if (balance == null) {
            throw o.bad("--balance must be round-robin or least-conn, not '" + o.string("balance") + "'");
        }
        int machines = o.integer("machines", 1, 256);
        Duration connect = Duration.ofMillis(o.integer("connect-timeout", 1, 3_600_000));
        Duration idle = Duration.ofMillis(o.integer("idle-timeout", 0, Integer.MAX_VALUE));
        int maxConns = o.integer("max-conns", 1, 10_000_000);
        Duration grace = Duration.ofMillis(o.integer("grace", 0, 3_600_000));
        HostPort admin = o.string("admin").equals("off") ? null : HostPort.parse(o, "admin", o.string("admin"));
        if (!o.flag("backend-tls") && (o.string("backend-ca") != null || o.string("backend-sni") != null)) {
            throw o.bad("--backend-ca and --backend-sni need --backend-tls");
        }
        TlsConfig clientTls = ServerTls.fromOptions(o);
        TlsConfig backendTls = null;
        if (o.flag("backend-tls")) {
            TlsConfig.Builder b = TlsConfig.client();
            if (o.string("backend-ca") != null) {
                b.caFile(o.path("backend-ca"));
            }
            try {
                backendTls = b.build();
            } catch (TlsConfigException e) {
                throw o.bad(e.getMessage());
            }
        }
        return new ProxySettings(listen, backends, machines, balance, clientTls, backendTls, o.string("backend-sni"),
                connect, idle, maxConns, admin, grace);
    }
}
