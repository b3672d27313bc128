package io.machinarium.bench;

import io.machinarium.bench.harness.Mode;
import io.machinarium.bench.harness.Pairs;
import io.machinarium.bench.harness.Row;
import java.util.List;

/**
 * The JMH scenarios, each benchmark beside its JDK equivalent in its own fork: {@code coroutines}
 * (yield+resume, spawn+join), {@code channels} (local and shared channels, a contended mutex, a
 * cross-machine ping-pong) and {@code echo-64b} (64-byte echo over 1 and 100 connections, coroutine
 * server against a Netty handler). JMH's forks are not pinned.
 */
final class MicroScenarios {
    private static final String NS_OP = "ns/op (lower is better)";
    private static final String NS_MESSAGE = "ns/message (lower is better)";
    private static final String NS_TRIP = "ns/round trip (lower is better)";

    private MicroScenarios() {
    }

    static List<Row> coroutines(Mode mode) {
        return List.of(
                jmhPair("yield+resume", "CoroutineBench.yieldResume", "JDK virtual thread", NS_OP, mode),
                jmhPair("spawn+join", "CoroutineBench.spawnJoin", "JDK virtual thread", NS_OP, mode));
    }

    static List<Row> channels(Mode mode) {
        return List.of(
                jmhPair("local channel", "ChannelBench.localChannel", "JDK: 2 VTs + LinkedTransferQueue", NS_MESSAGE,
                        mode),
                jmhPair("shared channel, 2 machines", "ChannelBench.sharedChannel",
                        "JDK: 2 VTs + ArrayBlockingQueue(1024)", NS_MESSAGE, mode),
                jmhPair("contended mutex, 4 coroutines", "ChannelBench.mutex", "JDK: 4 VTs + ReentrantLock",
                        "ns/lock+unlock (lower is better)", mode),
                jmhPair("cross-machine ping-pong", "ChannelBench.pingPong", "JDK: 2 VTs + SynchronousQueues", NS_TRIP,
                        mode),
                Pairs.pair("cross-machine ping-pong", "JDK: 2 platform threads + SynchronousQueues", NS_TRIP,
                        mode.pairs(), () -> Jmh.run("ChannelBench.pingPong_coroutine", mode),
                        () -> Jmh.run("ChannelBench.pingPong_platformThread", mode)),
                Pairs.pair("cross-machine ping-pong, machines spin 50 µs when idle", "JDK: 2 VTs + SynchronousQueues",
                        NS_TRIP, mode.pairs(), () -> Jmh.run("ChannelBench.pingPong_coroutine", mode, "idleSpinMicros",
                                "50"), () -> Jmh.run("ChannelBench.pingPong_virtualThread", mode)));
    }

    static List<Row> echo(Mode mode) {
        return List.of(echo(1, mode), echo(100, mode));
    }

    private static Row echo(int connections, Mode mode) {
        String c = Integer.toString(connections);
        String name = connections == 1 ? "echo-64b: 1 connection" : "echo-64b: " + c + " connections in flight";
        return Pairs.pair(name, "Netty handler (epoll, 1 loop)", connections == 1 ? NS_TRIP
                        : "ns/round trip, all connections' trips overlapped (lower is better)", mode.pairs(),
                () -> Jmh.run("EchoBench.roundTrip", mode, "server", "coroutine", "connections", c) / connections,
                () -> Jmh.run("EchoBench.roundTrip", mode, "server", "netty", "connections", c) / connections);
    }

    private static Row jmhPair(String scenario, String method, String anchor, String unit, Mode mode) {
        return Pairs.pair(scenario, anchor, unit, mode.pairs(), () -> Jmh.run(method + "_coroutine", mode),
                () -> Jmh.run(method + "_virtualThread", mode));
    }
}
