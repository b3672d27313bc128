package io.machinarium.samples.echo;

import io.machinarium.core.Machinarium;
import io.machinarium.core.MachinariumConfig;
import io.machinarium.core.signal.SignalWait;
import io.machinarium.net.server.Server;
import io.machinarium.net.server.ServerBuilder;
import io.machinarium.samples.HostPort;
import io.machinarium.samples.Options;
import io.machinarium.samples.ServerTls;
import io.machinarium.samples.Serving;
import io.machinarium.tls.TlsConfig;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code bin/sample echo}: an echo server ({@link Server}). An acceptor machine accepts each connection
 * detached and hands it to one of N worker machines, which attaches it and sends back every byte it receives.
 * Optionally also on a Unix socket, optionally over TLS. The Unix socket's path may hold nothing or a stale
 * socket (replaced); anything else there is refused and left alone, and at exit only the socket this process
 * created is removed (the listener owns its socket file: {@link io.machinarium.net.Listener#bind}).
 */
public final class EchoSample {
    private EchoSample() {
    }

    /** {@return the sample's options, declared} */
    public static Options options() {
        return ServerTls.declare(new Options("echo", "An echo server: an acceptor machine hands connections to"
                + " worker machines, which send back every byte; TCP, a Unix socket, TLS.")
                .value("listen", "127.0.0.1:7000", "TCP address to listen on (HOST:PORT, port 0 for any)")
                .value("unix", null, "also listen on this Unix socket path")
                .value("machines", "2", "worker machines that serve the connections")
                .value("grace", "5000", "on SIGTERM/SIGINT, how long open connections may take to finish (ms)"));
    }

    /**
     * Parses the options, serves until SIGTERM or SIGINT, lets open connections finish within the grace
     * period, and returns. Blocks the calling thread throughout.
     *
     * @param args the command line after the sample's name
     * @return the exit code: 0 after a signal (or for {@code --help})
     * @throws Options.BadOptionException for a bad command line
     * @throws io.machinarium.samples.SampleFailedException if a listener cannot be bound, or the
     *     {@code --unix} path holds something other than a stale socket
     */
    public static int run(List<String> args) {
        Options options = options();
        if (!options.parse(args)) {
            return 0;
        }
        HostPort listen = HostPort.parse(options, "listen", options.string("listen"));
        Path unixPath = options.path("unix");
        int workers = options.integer("machines", 1, 256);
        Duration grace = Duration.ofMillis(options.integer("grace", 0, 3_600_000));
        TlsConfig tls = ServerTls.fromOptions(options);

        String[] names = new String[workers + 1];
        names[0] = "acceptor";
        for (int i = 1; i <= workers; i++) {
            names[i] = "worker-" + i;
        }
        try (SignalWait signals = Serving.catchSignals();
             Machinarium rt = Machinarium.start(MachinariumConfig.builder().machines(workers + 1)
                     .machineNames(names).shutdownTimeout(Serving.CLOSE_TIMEOUT).build())) {
            ServerBuilder echo = Server.builder("echo").acceptor(rt.machine(0))
                    .workers(rt.machines().subList(1, workers + 1)).events(new Serving.Events());
            if (unixPath != null) {
                echo.listen("unix", UnixDomainSocketAddress.of(unixPath));
            }
            Server server = Serving.start(echo.listen("tcp", listen.resolve()), io -> Echo.serve(io, tls));
            if (unixPath != null) {
                Serving.say("echo: also serving the unix socket " + unixPath);
            }
            Serving.say("echo: " + workers + " worker machine(s)" + (tls != null ? ", TLS" : ""));
            Serving.announce(server.address("tcp"));
            Serving.awaitShutdown("echo", signals, server, grace);
        }
        return 0;
    }
}
