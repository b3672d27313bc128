package io.machinarium.bench;

import io.machinarium.bench.harness.Mode;
import io.machinarium.bench.harness.Pairs;
import io.machinarium.bench.harness.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * The {@code actors} scenario: skynet, a token ring and ping-pong as Machinarium actors, against plain
 * JDK virtual threads with blocking queues and against Apache Pekko typed (default dispatcher), all in
 * this JVM. Each workload runs in rounds — ours, virtual threads, Pekko — after one unmeasured run of
 * each (not in smoke mode); both anchors' ratios are taken against the same round's run of ours.
 */
final class ActorScenarios {
    private static final String MS = "ms (lower is better)";
    private static final String NS_TRIP = "ns/round trip (lower is better)";
    private static final String VT = "JDK: virtual threads + LinkedBlockingQueue";
    private static final String PEKKO = "Pekko typed 1.7.0 (default dispatcher)";
    private static final String PEKKO_PINNED = "Pekko typed 1.7.0 (a thread per actor: PinnedDispatcher)";

    private ActorScenarios() {
    }

    static List<Row> run(Mode mode) {
        int leaves = mode.size(1_000_000, 1_000_000, 10_000);
        int ring = mode.size(10_000, 10_000, 1_000);
        int rounds = mode.size(100, 100, 10);
        int trips = mode.size(1_000_000, 100_000, 10_000);
        String skynet = String.format(Locale.ROOT, "actors: skynet, %,d actors, 2 machines", leaves);
        String ringName = String.format(Locale.ROOT, "actors: ring %,d x %d, 1 machine", ring, rounds);
        String pingPong = String.format(Locale.ROOT, "actors: ping-pong x %,d", trips);
        DoubleSupplier oursSkynet = () -> ActorWorkloads.skynetActors(2, leaves);
        DoubleSupplier oursRing = () -> ActorWorkloads.ringActors(1, ring, rounds);
        DoubleSupplier oursPing1 = () -> ActorWorkloads.pingPongActors(1, 0, trips) * 1e6 / trips;
        DoubleSupplier oursPing2 = () -> ActorWorkloads.pingPongActors(2, 0, trips) * 1e6 / trips;
        DoubleSupplier vtPing = () -> call(() -> ActorWorkloads.pingPongVirtualThreads(trips)) * 1e6 / trips;
        DoubleSupplier pekkoPing = () -> PekkoWorkloads.pingPong(trips) * 1e6 / trips;
        DoubleSupplier pekkoPinned = () -> PekkoWorkloads.pingPongPinned(trips) * 1e6 / trips;
        // Fewer trips without spinning: every hop then pays a wake-up.
        int sleepTrips = trips / 5;
        List<Row> rows = new ArrayList<>();
        rows.addAll(rounds(mode, skynet, MS, oursSkynet,
                () -> call(() -> ActorWorkloads.skynetVirtualThreads(leaves)), () -> PekkoWorkloads.skynet(leaves)));
        rows.addAll(rounds(mode, ringName, MS, oursRing,
                () -> call(() -> ActorWorkloads.ringVirtualThreads(ring, rounds)), () -> PekkoWorkloads.ring(ring, rounds)));
        rows.addAll(rounds(mode, pingPong + ", 1 machine", NS_TRIP, oursPing1, vtPing, pekkoPing));
        rows.addAll(rounds(mode, pingPong + ", 2 machines", NS_TRIP, oursPing2, vtPing, pekkoPing));
        rows.add(row(mode, pingPong + ", 2 machines", PEKKO_PINNED, NS_TRIP, mode.pairs(), oursPing2, pekkoPinned));
        rows.add(row(mode, String.format(Locale.ROOT, "actors: ping-pong x %,d, 2 machines, adaptive spin off",
                sleepTrips), VT, NS_TRIP, mode.pairs(),
                () -> ActorWorkloads.pingPongActors(2, ActorWorkloads.SPIN_NEVER, sleepTrips) * 1e6 / sleepTrips,
                () -> call(() -> ActorWorkloads.pingPongVirtualThreads(sleepTrips)) * 1e6 / sleepTrips));
        return rows;
    }

    /** Rounds of ours, virtual threads, Pekko, after one unmeasured run of each (not in smoke mode). */
    private static List<Row> rounds(Mode mode, String scenario, String unit, DoubleSupplier ours, DoubleSupplier vt,
                                    DoubleSupplier pekko) {
        Map<String, DoubleSupplier> anchors = new LinkedHashMap<>();
        anchors.put(VT, vt);
        anchors.put(PEKKO, pekko);
        if (!mode.smoke()) {
            ours.getAsDouble();
            anchors.values().forEach(DoubleSupplier::getAsDouble);
        }
        return Pairs.rounds(scenario, unit, mode.pairs(), ours, anchors);
    }

    /** A pair after one unmeasured round of each side; in smoke mode, without that round. */
    private static Row row(Mode mode, String scenario, String anchor, String unit, int pairs, DoubleSupplier ours,
                           DoubleSupplier theirs) {
        return mode.smoke() ? Pairs.pair(scenario, anchor, unit, pairs, ours, theirs)
                : Pairs.warmPair(scenario, anchor, unit, pairs, ours, theirs);
    }

    /** A measurement that may be interrupted. */
    interface Measurement {
        double run() throws InterruptedException;
    }

    static double call(Measurement m) {
        try {
            return m.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
