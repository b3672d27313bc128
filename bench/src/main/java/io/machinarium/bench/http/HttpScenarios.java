package io.machinarium.bench.http;

import io.machinarium.bench.harness.Mode;
import io.machinarium.bench.harness.Pairs;
import io.machinarium.bench.harness.Row;
import io.machinarium.bench.proc.Cores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP load scenarios: each server in its own process on the server core, {@code wrk -t1 -c100} on
 * the load core, ours and the anchor loaded in turn, each warmed first in unmeasured rounds until its
 * rate stops rising ({@link Wrk#warm}). Each comparison gives two rows: requests per second and wrk's
 * 99th-percentile latency.
 */
public final class HttpScenarios {
    private static final String RATE = "requests/s (higher is better)";
    private static final String P99 = "ms, p99 latency (lower is better)";

    private HttpScenarios() {
    }

    /**
     * {@code http-plaintext}: the hello server on IO contexts against a raw Netty handler, JDK virtual
     * threads with blocking sockets, and nginx (skipped, saying so, if not installed). Blocks for the
     * whole run; stops every server it started.
     *
     * @param mode run length
     * @return the rows
     */
    public static List<Row> plaintext(Mode mode) {
        List<Row> rows = new ArrayList<>();
        try (HelloProcess ours = HelloProcess.java(HelloServer.COROUTINE)) {
            try (HelloProcess netty = HelloProcess.java(HelloServer.NETTY)) {
                rows.addAll(compare("http-plaintext", ours, netty, "Netty handler (epoll, 1 loop)", mode));
            }
            try (HelloProcess vt = HelloProcess.java(HelloServer.VTHREADS)) {
                rows.addAll(compare("http-plaintext", ours, vt, "JDK virtual threads, blocking sockets (1 carrier)",
                        mode));
            }
            if (Nginx.available()) {
                try (HelloProcess nginx = HelloProcess.nginx(1, Cores.server())) {
                    rows.addAll(compare("http-plaintext", ours, nginx, "nginx (1 worker)", mode));
                }
            } else {
                System.err.println("# http-plaintext: nginx is not installed (Debian: nginx-light); its rows are skipped");
            }
        }
        return rows;
    }

    /**
     * {@code http-codec}: the hello server reading Netty's HTTP codec's objects from IO contexts against a
     * Netty handler behind the same codec. Blocks for the whole run.
     *
     * @param mode run length
     * @return the rows
     */
    public static List<Row> codec(Mode mode) {
        try (HelloProcess ours = HelloProcess.java(HelloServer.CODEC_COROUTINE);
             HelloProcess netty = HelloProcess.java(HelloServer.CODEC_NETTY)) {
            return compare("http-codec", ours, netty, "Netty handler behind HttpServerCodec (epoll, 1 loop)", mode);
        }
    }

    private static List<Row> compare(String scenario, HelloProcess ours, HelloProcess anchor, String anchorName,
                                     Mode mode) {
        Duration warm = Duration.ofSeconds(mode.size(5, 2, 1));
        Duration run = Duration.ofSeconds(mode.size(20, 5, 1));
        Wrk.warm(scenario + " ours", ours.port(), warm, mode.size(3, 2, 1));
        Wrk.warm(scenario + " " + anchorName, anchor.port(), warm, mode.size(3, 2, 1));
        String load = ", wrk -t1 -c100, " + run.toSeconds() + " s";
        return Pairs.pairs(List.of(scenario + ": requests/s" + load, scenario + ": p99 latency" + load), anchorName,
                List.of(RATE, P99), mode.pairs(), () -> Wrk.run(ours.port(), run), () -> Wrk.run(anchor.port(), run));
    }
}
