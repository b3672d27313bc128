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
 * rising ({@link Wrk#warm}), redis-benchmark in a few unmeasured rounds.
 */
public final class ProxyScenarios {
    private static final String RATE = "requests/s (higher is better)";
    private static final Pattern REDIS = Pattern.compile("(SET|GET): ([0-9.]+) requests per second");

    private ProxyScenarios() {
    }

    /**
     * Runs the proxy scenario; blocks for the whole run and stops every process it started.
     *
     * @param mode run length
     * @return the rows
     */
    public static List<Row> run(Mode mode) {
        List<Row> rows = new ArrayList<>();
        if (!Cores.onPath("haproxy") && !Files.isExecutable(Path.of("/usr/sbin/haproxy"))) {
            System.err.println("# proxy: haproxy is not installed (Debian: haproxy); the proxy rows are skipped");
            return rows;
        }
        if (Nginx.available()) {
            int backend = Child.freePort();
            try (Child nginx = Nginx.start(backend)) {
                rows.addAll(http(backend, mode));
            }
        } else {
            System.err.println("# proxy: nginx is not installed; the HTTP-through-proxy rows are skipped");
        }
        if (Cores.onPath("redis-server") && Cores.onPath("redis-benchmark")) {
            int backend = Child.freePort();
            List<String> cmd = new ArrayList<>(Cores.server());
            cmd.addAll(List.of("redis-server", "--port", Integer.toString(backend), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no"));
            try (Child redis = Child.start("redis", cmd, null).awaitPort(backend, Duration.ofSeconds(30))) {
                rows.addAll(redis(backend, mode));
            }
        } else {
            System.err.println("# proxy: redis-server or redis-benchmark is not installed; the redis rows are skipped");
        }
        return rows;
    }

    private static List<Row> http(int backend, Mode mode) {
        try (Proxies p = Proxies.start(backend)) {
            Duration warm = Duration.ofSeconds(mode.size(5, 2, 1));
            Duration run = Duration.ofSeconds(mode.size(20, 5, 1));
            Wrk.warm("proxy ours", p.ours, warm, mode.size(3, 2, 1));
            Wrk.warm("proxy HAProxy", p.haproxy, warm, mode.size(3, 2, 1));
            String load = ", wrk -t1 -c100 -> proxy -> nginx, " + run.toSeconds() + " s";
            return Pairs.pairs(List.of("proxy: requests/s" + load, "proxy: p99 latency" + load),
                    "HAProxy, TCP mode, 1 thread", List.of(RATE, "ms, p99 latency (lower is better)"), mode.pairs(),
                    () -> Wrk.run(p.ours, run), () -> Wrk.run(p.haproxy, run));
        }
    }

    private static List<Row> redis(int backend, Mode mode) {
        try (Proxies p = Proxies.start(backend)) {
            int requests = mode.size(200_000, 50_000, 2_000);
            int warm = mode.size(50_000, 20_000, 2_000);
            for (int i = 0; i < mode.size(3, 2, 1); i++) {  // as Wrk.warm: connections opened and closed each round
                redisBenchmark(p.ours, warm);
                redisBenchmark(p.haproxy, warm);
            }
            String load = ", redis-benchmark -c 50 -n " + requests + " -> proxy -> redis-server";
            return Pairs.pairs(List.of("proxy: redis SET" + load, "proxy: redis GET" + load),
                    "HAProxy, TCP mode, 1 thread", List.of(RATE, RATE), mode.pairs(),
                    () -> redisBenchmark(p.ours, requests), () -> redisBenchmark(p.haproxy, requests));
        }
    }

    /** Runs redis-benchmark (SET, GET) on the load core; returns requests/s of each. */
    private static double[] redisBenchmark(int port, int requests) {
        List<String> cmd = new ArrayList<>(Cores.load());
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
        static Proxies start(int backend) {
            int ours = Child.freePort();
            List<String> cmd = Child.java(Cores.server(), List.of("-Xms512m", "-Xmx512m"),
                    "io.machinarium.samples.launch.SampleMain", "proxy", "--listen", "127.0.0.1:" + ours, "--backend",
                    "127.0.0.1:" + backend, "--machines", "1", "--admin", "off", "--max-conns", "100000");
            Child oursProcess = Child.start("proxy-sample", cmd, null).awaitPort(ours, Duration.ofSeconds(60));
            int haproxy = Child.freePort();
            Child haproxyProcess;
            try {
                haproxyProcess = startHaproxy(haproxy, backend);
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

    private static Child startHaproxy(int port, int backend) {
        try {
            Path dir = Files.createTempDirectory("bench-haproxy");
            Path cfg = dir.resolve("haproxy.cfg");
            Files.writeString(cfg, """
                    global
                        nbthread 1
                        maxconn 4000
                    defaults
                        mode tcp
                        timeout connect 5s
                        timeout client 300s
                        timeout server 300s
                    frontend in
                        bind 127.0.0.1:%d
                        default_backend out
                    backend out
                        server backend 127.0.0.1:%d
                    """.formatted(port, backend));
            List<String> cmd = new ArrayList<>(Cores.server());
            cmd.addAll(List.of(Cores.onPath("haproxy") ? "haproxy" : "/usr/sbin/haproxy", "-db", "-f", cfg.toString()));
            return Child.start("haproxy", cmd, dir).awaitPort(port, Duration.ofSeconds(30));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write haproxy's configuration", e);
        }
    }
}
