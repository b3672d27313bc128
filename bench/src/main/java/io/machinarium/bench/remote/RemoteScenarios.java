package io.machinarium.bench.remote;

import io.machinarium.bench.harness.Mode;
import io.machinarium.bench.harness.Pairs;
import io.machinarium.bench.harness.Row;
import io.machinarium.bench.harness.WarmUp;
import io.machinarium.bench.proc.Child;
import io.machinarium.bench.proc.Cores;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * The {@code remote} scenario: actors of two JVMs talking, ours over NATS ({@code cluster}, against a
 * nats-server this scenario starts) against Pekko's Artery remoting over TCP and against raw jnats on the
 * same server — the ceiling of that transport. Each system runs as two processes the harness starts: B
 * (the responder, pinned like the other scenarios' servers) and A (the driver, pinned like their load
 * generators), all with the same JVM flags and heap; every message crosses loopback. Two workloads
 * ({@link Workload}): round trips with a 64-byte payload, one after the other (ours: an actor's
 * {@code ask} of B's actor found by {@code whereis}), and one-way 64-byte payloads under a window,
 * counted when B has them. Each runs in rounds — ours, Pekko, raw jnats — after each side is warmed in
 * unmeasured runs until its figure stops improving ({@link WarmUp}; not in smoke mode), both anchors'
 * ratios against the same round's run of ours. Blocks for the whole run; stops every process it started.
 * Skipped, saying so, where nats-server is not installed.
 */
public final class RemoteScenarios {
    private static final String NS_TRIP = "ns/round trip (lower is better)";
    private static final String RATE = "messages/s (higher is better)";
    private static final String PEKKO = "Pekko 1.7.0 classic actors, Artery TCP (pekko-remote)";
    private static final String JNATS_RR = "raw jnats 2.25.2 request/reply, same nats-server";
    private static final String JNATS_PS = "raw jnats 2.25.2 publish/subscribe, same nats-server";
    private static final List<String> HEAP = List.of("-Xms512m", "-Xmx512m");

    private RemoteScenarios() {
    }

    /**
     * Runs the scenario.
     *
     * @param mode run length
     * @return the rows: round trip against Pekko and raw jnats, then throughput against both; none if
     *     nats-server is not installed
     */
    public static List<Row> run(Mode mode) {
        if (NatsServerProcess.binary() == null) {
            System.err.println("# remote: nats-server is not installed (Debian: nats-server); its rows are skipped");
            return List.of();
        }
        int trips = mode.size(20_000, 5_000, 500);
        int tells = mode.size(1_000_000, 200_000, 20_000);
        List<Row> rows = new ArrayList<>();
        try (NatsServerProcess nats = NatsServerProcess.start()) {
            int pekkoPort = Child.freePort();
            try (RemotePeer oursB = peer("remote-ours-b", Cores.server(), ClusterEcho.class, nats.url());
                 RemotePeer pekkoB = peer("remote-pekko-b", Cores.server(), PekkoEcho.class, Integer.toString(pekkoPort));
                 RemotePeer jnatsB = peer("remote-jnats-b", Cores.server(), NatsEcho.class, nats.url())) {
                oursB.awaitReady();
                pekkoB.awaitReady();
                jnatsB.awaitReady();
                try (RemotePeer ours = peer("remote-ours-a", Cores.load(), ClusterDriver.class, nats.url());
                     RemotePeer pekko = peer("remote-pekko-a", Cores.load(), PekkoDriver.class,
                             Integer.toString(pekkoPort));
                     RemotePeer jnats = peer("remote-jnats-a", Cores.load(), NatsDriver.class, nats.url())) {
                    ours.awaitReady();
                    pekko.awaitReady();
                    jnats.awaitReady();
                    String rtt = "rtt " + trips;
                    rows.addAll(rounds(mode, String.format(Locale.ROOT,
                            "remote: round trip, 64 B, 2 JVMs, x %,d (ours: ask of a whereis reference)", trips), NS_TRIP,
                            () -> ours.measure(rtt), anchors(PEKKO, () -> pekko.measure(rtt), JNATS_RR,
                                    () -> jnats.measure(rtt))));
                    String tell = "tell " + tells;
                    rows.addAll(rounds(mode, String.format(Locale.ROOT,
                            "remote: one-way, 64 B, 2 JVMs, x %,d, window %,d", tells, Workload.WINDOW), RATE,
                            () -> ours.measure(tell), anchors(PEKKO, () -> pekko.measure(tell), JNATS_PS,
                                    () -> jnats.measure(tell))));
                }
            }
        }
        return rows;
    }

    private static RemotePeer peer(String name, List<String> pinning, Class<?> main, String arg) {
        return RemotePeer.start(name, pinning, HEAP, main, arg);
    }

    private static Map<String, DoubleSupplier> anchors(String a, DoubleSupplier x, String b, DoubleSupplier y) {
        Map<String, DoubleSupplier> m = new LinkedHashMap<>();
        m.put(a, x);
        m.put(b, y);
        return m;
    }

    /**
     * Rounds of ours and the anchors, after each side is warmed until its figure stops improving (not in smoke
     * mode): B's JIT was still compiling after a single unmeasured run of 400,000 messages (perf stat
     * --per-thread, 2026-12-02), so one warm-up run measured a half-compiled responder.
     */
    private static List<Row> rounds(Mode mode, String scenario, String unit, DoubleSupplier ours,
                                    Map<String, DoubleSupplier> anchors) {
        if (!mode.smoke()) {
            boolean higherIsBetter = unit.equals(RATE);
            int least = mode.size(3, 3, 1);
            int most = mode.size(8, 6, 1);
            WarmUp.untilSteady("ours: " + scenario, unit, higherIsBetter, least, most, ours);
            anchors.forEach((name, side) -> WarmUp.untilSteady(name + ": " + scenario, unit, higherIsBetter, least,
                    most, side));
        }
        return Pairs.rounds(scenario, unit, mode.pairs(), ours, anchors);
    }
}
