package io.machinarium.bench.proc;

import java.io.File;
import java.util.List;

/**
 * Where servers and load generators run: with {@code taskset} on the path and at least two cores, a
 * server process is pinned to core 1 and its load generator to core 0, so neither steals the other's
 * core; otherwise nothing is pinned. The harness's own JVM (and JMH's forks) are never pinned.
 */
public final class Cores {
    private static final boolean PIN = onPath("taskset") && Runtime.getRuntime().availableProcessors() >= 2;

    private Cores() {
    }

    /** @return the command prefix that pins a server process ({@code taskset -c 1}), or none */
    public static List<String> server() {
        return PIN ? List.of("taskset", "-c", "1") : List.of();
    }

    /** @return the command prefix that pins a load generator ({@code taskset -c 0}), or none */
    public static List<String> load() {
        return PIN ? List.of("taskset", "-c", "0") : List.of();
    }

    /** @return one sentence for the table's header */
    public static String describe() {
        return PIN ? "server processes (ours, Netty, virtual threads, nginx, openssl s_server, the proxy sample, HAProxy, redis-server,"
                + " the remote scenario's responder JVMs) on core 1 and load generators (wrk, openssl s_time, redis-benchmark, the"
                + " remote scenario's driver JVMs) on core 0 with taskset; nats-server, in-JVM and JMH scenarios unpinned;"
                + " scale-http and scale-proxy pin nothing (their load generators share both cores with the servers),"
                + " nor does skynet-scale"
                : "none (taskset missing or fewer than two cores)";
    }

    /**
     * @param program a program name
     * @return whether an executable of that name is on the PATH
     */
    public static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (new File(dir, program).canExecute()) {
                return true;
            }
        }
        return false;
    }
}
