package io.machinarium.bench.http;

import io.machinarium.bench.harness.Mode;
import io.machinarium.bench.harness.Pairs;
import io.machinarium.bench.harness.Row;
import io.machinarium.bench.proc.Child;
import io.machinarium.bench.proc.Cores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenario {@code proxy}: the proxy sample (one worker machine) against HAProxy in TCP mode (one
 * thread), both on the server core in front of the same backend: {@code wrk -t1 -c100} through each to
 * nginx, and {@code redis-benchmark} through each to a redis-server. Rows are skipped, saying so, when
 * HAProxy, nginx or redis are not installed. Each side is warmed first: wrk in rounds until its rate stops
 * rising ({@link Wrk#warm}), redis-benchmark in a few unmeasured rounds. Scenario {@code scale-proxy}
 * ({@link #scale}) is the same with two worker machines against {@code nbthread 2}, nothing pinned: proxies,
 * backends and load generators share both cores.
 */
public final class ProxyScenarios {
    private static final String RATE = "requests/s (higher is better)";
    private static final Pattern REDIS = Pattern.compile("(SET|GET): ([0-9.]+) requests per second");

    private ProxyScenarios() {
    }

    /** How a run is laid out: threads of each proxy, pinning, and the rows' prefix. */
    private record Layout(String scenario, int threads, List<String> server, List<String> load, Wrk.Shape wrk,
                          int nginxWorkers) {
        String haproxy() {
            return "HAProxy, TCP mode, " + threads + (threads == 1 ? " thread" : " threads");
        }
    }

    private static final Layout ONE = new Layout("proxy", 1, Cores.server(), Cores.load(), Wrk.Shape.DEFAULT, 1);
    private static final Layout TWO = new Layout("scale-proxy", 2, List.of(), List.of(),
            new Wrk.Shape(2, 100, 2, List.of()), 2);

    /**
     * Runs the proxy scenario; blocks for the whole run and stops every process it started.
     *
     * @param mode run length
     * @return the rows
     */
    public static List<Row> run(Mode mode) {
        return run(mode, ONE);
    }

    /**
     * Runs {@code scale-proxy}: the proxy sample with two worker machines (and its acceptor machine) against
     * HAProxy with {@code nbthread 2}, in front of nginx with two workers and redis-server, nothing pinned;
     * {@code wrk -t2 -c100} and {@code redis-benchmark} share both cores with them. Blocks for the whole run and
     * stops every process it started.
     *
     * @param mode run length
     * @return the rows
     */
    public static List<Row> scale(Mode mode) {
        return run(mode, TWO);
    }

    private static List<Row> run(Mode mode, Layout layout) {
        List<Row> rows = new ArrayList<>();
        if (!Cores.onPath("haproxy") && !Files.isExecutable(Path.of("/usr/sbin/haproxy"))) {
            System.err.println("# " + layout.scenario()
                    + ": haproxy is not installed (Debian: haproxy); the proxy rows are skipped");
            return rows;
        }
        if (Nginx.available()) {
            int backend = Child.freePort();
            try (Child nginx = Nginx.start(backend, layout.nginxWorkers(), layout.server())) {
                rows.addAll(http(backend, mode, layout));
            }
        } else {
            System.err.println("# " + layout.scenario()
                    + ": nginx is not installed; the HTTP-through-proxy rows are skipped");
        }
        if (Cores.onPath("redis-server") && Cores.onPath("redis-benchmark")) {
            int backend = Child.freePort();
            List<String> cmd = new ArrayList<>(layout.server());
            cmd.addAll(List.of("redis-server", "--port", Integer.toString(backend), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no"));
            try (Child redis = Child.start("redis", cmd, null).awaitPort(backend, Duration.ofSeconds(30))) {
                rows.addAll(redis(backend, mode, layout));
            }
        } else {
            System.err.println("# " + layout.scenario()
                    + ": redis-server or redis-benchmark is not installed; the redis rows are skipped");
        }
        return rows;
    }

    private static List<Row> http(int backend, Mode mode, Layout layout) {
        try (Proxies p = Proxies.start(backend, layout)) {
            Duration warm = Duration.ofSeconds(mode.size(5, 2, 1));
            Duration run = Duration.ofSeconds(mode.size(20, 5, 1));
            Wrk.warm(layout.scenario() + " ours", p.ours, warm, mode.size(3, 2, 1), layout.wrk());
            Wrk.warm(layout.scenario() + " HAProxy", p.haproxy, warm, mode.size(3, 2, 1), layout.wrk());
            String load = ", " + shape(layout) + layout.wrk().describe() + " -> proxy -> nginx, " + run.toSeconds()
                    + " s";
            String s = layout.scenario();
            return Pairs.pairs(List.of(s + ": requests/s" + load, s + ": p99 latency" + load),
                    layout.haproxy(), List.of(RATE, "ms, p99 latency (lower is better)"), mode.pairs(),
                    () -> Wrk.run(p.ours, run, layout.wrk()), () -> Wrk.run(p.haproxy, run, layout.wrk()));
        }
    }

    private static List<Row> redis(int backend, Mode mode, Layout layout) {
        try (Proxies p = Proxies.start(backend, layout)) {
            int requests = mode.size(200_000, 50_000, 2_000);
            int warm = mode.size(50_000, 20_000, 2_000);
            for (int i = 0; i < mode.size(3, 2, 1); i++) {  // as Wrk.warm: connections opened and closed each round
                redisBenchmark(p.ours, warm, layout);
                redisBenchmark(p.haproxy, warm, layout);
            }
            String load = ", " + shape(layout) + "redis-benchmark -c 50 -n " + requests + " -> proxy -> redis-server";
            String s = layout.scenario();
            return Pairs.pairs(List.of(s + ": redis SET" + load, s + ": redis GET" + load),
                    layout.haproxy(), List.of(RATE, RATE), mode.pairs(),
                    () -> redisBenchmark(p.ours, requests, layout), () -> redisBenchmark(p.haproxy, requests, layout));
        }
    }

    /** The rows' note on the layout: nothing for the one-thread run, the shared cores for the two-thread one. */
    private static String shape(Layout layout) {
        return layout.threads() == 1 ? "" : layout.threads() + " worker machines, all sharing both cores, ";
    }

    /** Runs redis-benchmark (SET, GET) where the layout puts load generators; returns requests/s of each. */
    private static double[] redisBenchmark(int port, int requests, Layout layout) {
        List<String> cmd = new ArrayList<>(layout.load());
        cmd.addAll(List.of("redis-benchmark", "-h", "127.0.0.1", "-p", Integer.toString(port), "-c", "50", "-n",
                Integer.toString(requests), "-t", "set,get", "-q"));
        String out = Child.run(cmd, Duration.ofMinutes(5));
        double[] r = new double[2];
        Matcher m = REDIS.matcher(out);
        int found = 0;
        while (m.find()) {
            r[m.group(1).equals("SET") ? 0 : 1] = Double.parseDouble(m.group(2));
            found++;
        }
        if (found < 2) {
            throw new IllegalStateException("redis-benchmark printed no rates: " + out);
        }
        return r;
    }

    /** The proxy sample and HAProxy, both relaying to one backend port. */
    private record Proxies(Child oursProcess, int ours, Child haproxyProcess, int haproxy) implements AutoCloseable {
        static Proxies start(int backend, Layout layout) {
            int ours = Child.freePort();
            List<String> cmd = Child.java(layout.server(), List.of("-Xms512m", "-Xmx512m"),
                    "io.machinarium.samples.launch.SampleMain", "proxy", "--listen", "127.0.0.1:" + ours, "--backend",
                    "127.0.0.1:" + backend, "--machines", Integer.toString(layout.threads()), "--admin", "off",
                    "--max-conns", "100000");
            Child oursProcess = Child.start("proxy-sample", cmd, null).awaitPort(ours, Duration.ofSeconds(60));
            int haproxy = Child.freePort();
            Child haproxyProcess;
            try {
                haproxyProcess = startHaproxy(haproxy, backend, layout);
            } catch (RuntimeException e) {
                oursProcess.close();
                throw e;
            }
            return new Proxies(oursProcess, ours, haproxyProcess, haproxy);
        }

        @Override
        public void close() {
            oursProcess.close();
            haproxyProcess.close();
        }
    }

    private static Child startHaproxy(int port, int backend, Layout layout) {
        try {
            Path dir = Files.createTempDirectory("bench-haproxy");
            Path cfg = dir.resolve("haproxy.cfg");
            Files.writeString(cfg, """
                    global
                        nbthread %3$d
                        maxconn 4000
                    defaults
                        mode tcp
                        timeout connect 5s
                        timeout client 300s
                        timeout server 300s
                    frontend in
                        bind 127.0.0.1:%1$d
                        default_backend out
                    backend out
                        server backend 127.0.0.1:%2$d
                    """.formatted(port, backend, layout.threads()));
            List<String> cmd = new ArrayList<>(layout.server());
            cmd.addAll(List.of(Cores.onPath("haproxy") ? "haproxy" : "/usr/sbin/haproxy", "-db", "-f", cfg.toString()));
            return Child.start("haproxy", cmd, dir).awaitPort(port, Duration.ofSeconds(30));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write haproxy's configuration", e);
        }
    }
}
