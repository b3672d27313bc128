package io.machinarium.bench;

import io.machinarium.bench.harness.Mode;
import io.machinarium.bench.harness.Pairs;
import io.machinarium.bench.harness.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * The {@code memory} scenario: heap bytes per idle coroutine, per idle server-side connection and per idle
 * actor, against virtual threads and Pekko typed; used heap after full collections, with and without N of
 * them, over N, in this JVM.
 */
final class MemoryScenarios {
    private static final String BYTES = "bytes each (lower is better)";

    private MemoryScenarios() {
    }

    static List<Row> run(Mode mode) {
        int n = mode.size(100_000, 20_000, 2_000);
        int connections = mode.size(10_000, 2_000, 200);
        int pairs = mode.pairs();
        String conns = String.format(java.util.Locale.ROOT, "idle connection heap (server side, %,d connections)",
                connections);
        Map<String, DoubleSupplier> actorAnchors = new LinkedHashMap<>();
        actorAnchors.put("JDK: virtual thread in LinkedBlockingQueue.take",
                () -> ActorScenarios.call(() -> ActorWorkloads.bytesPerIdleVirtualThreadActor(n)));
        actorAnchors.put("Pekko typed 1.7.0 actor waiting for a message", () -> PekkoWorkloads.bytesPerIdleActor(n));
        List<Row> rows = new ArrayList<>(List.of(
                Pairs.pair("idle coroutine heap", "JDK virtual thread", BYTES, pairs,
                        () -> IdleMemory.bytesPerCoroutine(n),
                        () -> ActorScenarios.call(() -> IdleMemory.bytesPerVirtualThread(n))),
                Pairs.warmPair(conns, "JDK: virtual thread per java.net.Socket, blocked in read ("
                                + IdleConnections.VT_BUFFER + " B buffer)", BYTES, pairs,
                        () -> IdleConnections.bytesPerCoroutineConnection(connections),
                        () -> IdleConnections.bytesPerVirtualThreadConnection(connections))));
        rows.addAll(Pairs.rounds("idle actor heap (blocked in receive)", BYTES, pairs,
                () -> ActorWorkloads.bytesPerIdleActor(n), actorAnchors));
        return rows;
    }
}
